import { describe, expect, it } from 'vitest';
import { expectedAnswerType, hasAnswerOfType, questionWordSet } from '../../src/answer/answerType.ts';

describe('expectedAnswerType', () => {
  it('reads a question asking for a result as a score question', () => {
    expect(expectedAnswerType('What was the final score of Super Bowl 50?')).toBe('score');
    expect(expectedAnswerType('What was the score of the final?')).toBe('score');
    expect(expectedAnswerType("What's the half-time score?")).toBe('score');
  });

  it('leaves other questions about scoring to their own types', () => {
    expect(expectedAnswerType('Who scored the winning goal?')).toBe('person');
    expect(expectedAnswerType('How many goals did Ashby score this season?')).toBe('quantity');
    expect(expectedAnswerType('When did Dunmore score?')).toBe('date');
  });
});

describe('hasAnswerOfType (score)', () => {
  const words = questionWordSet('What was the score of the final?');

  it('finds a result written with a dash or an en dash', () => {
    expect(hasAnswerOfType('beating Dunmore Athletic 4-3 on penalties after a 2-2 draw', 'score', words)).toBe(true);
    expect(hasAnswerOfType('The Broncos defeated the Panthers 24–10.', 'score', words)).toBe(true);
  });

  it('does not take a year range, a season or a lone number for a result', () => {
    expect(hasAnswerOfType('The stadium was rebuilt in 1990–1995.', 'score', words)).toBe(false);
    expect(hasAnswerOfType('In the 2015–16 season he scored 19 goals.', 'score', words)).toBe(false);
    expect(hasAnswerOfType('Neither side scored in the additional 30 minutes.', 'score', words)).toBe(false);
  });
});
