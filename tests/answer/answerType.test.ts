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

describe('organisations and shares', () => {
  it('reads "which firm / company / team" as asking for a name, and "what share" as a share', () => {
    expect(expectedAnswerType('Which law firm did the Tory leader work for?')).toBe('name');
    expect(expectedAnswerType('What company owns the American Broadcasting Company?')).toBe('name');
    expect(expectedAnswerType('Which team won the cup?')).toBe('name');
    expect(expectedAnswerType('What share of file-sharing traffic was BitTorrent?')).toBe('percent');
    expect(expectedAnswerType('What proportion of voters stayed at home?')).toBe('percent');
    // A part of something is not a share of it.
    expect(expectedAnswerType('Which part of the immune system protects the brain?')).toBe(null);
  });

  it('finds a share written in words, not a quarter of the year', () => {
    const words = questionWordSet('What share of file-sharing traffic was BitTorrent?');
    const half = 'A recent study showed that more than half of the peer-to-peer traffic during June was BitTorrent.';
    expect(hasAnswerOfType(half, 'percent', words)).toBe(true);
    expect(hasAnswerOfType('Two-thirds of voters backed the plan.', 'percent', words)).toBe(true);
    expect(hasAnswerOfType('Profits rose in the third quarter of 2004.', 'percent', words)).toBe(false);
  });

  it('finds the firm among the sentences by a name the question does not use', () => {
    const words = questionWordSet('Which law firm did the Tory leader work for?');
    const named =
      'The Scottish Conservative leader had insisted that his legal work with Tods Murray did not influence him.';
    expect(hasAnswerOfType(named, 'name', words)).toBe(true);
    expect(hasAnswerOfType('A Tory spokesman "totally refuted" any wrongdoing.', 'name', words)).toBe(false);
  });
});

describe('hasAnswerOfType (reason)', () => {
  it('reads what is said to be "behind" an event as its cause', () => {
    const words = questionWordSet('Why did Suprnova close?');
    const behind = 'The campaign of legal action is thought to be behind the closure of the Suprnova.org website.';
    expect(hasAnswerOfType(behind, 'reason', words)).toBe(true);
    expect(hasAnswerOfType('The site was closing down for good.', 'reason', words)).toBe(false);
    expect(hasAnswerOfType('He parked behind the station.', 'reason', words)).toBe(false);
    const merge = questionWordSet('Why would the unions merge?');
    const bid = 'The move would be seen as a bid to carry more weight with ministers and employers.';
    expect(hasAnswerOfType(bid, 'reason', merge)).toBe(true);
    expect(hasAnswerOfType('He made a bid of 20 pounds.', 'reason', merge)).toBe(false);
  });
});

describe('hasAnswerOfType (money)', () => {
  it('reads wire-copy amounts as money', () => {
    const words = questionWordSet('How much did IBM earn in the first quarter?');
    expect(hasAnswerOfType("At 1.30 dlrs a share, IBM's net income topped estimates.", 'money', words)).toBe(true);
    expect(hasAnswerOfType('The deal is worth about 500 mln dlrs.', 'money', words)).toBe(true);
    expect(hasAnswerOfType('Profit rose to 20 mln stg.', 'money', words)).toBe(true);
    expect(hasAnswerOfType('IBM earned more in the first quarter.', 'money', words)).toBe(false);
  });
});
