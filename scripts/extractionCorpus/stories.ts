// Original stories for the extraction corpus (written for Quoth; no real article is copied).
// Each has a title, a byline, and paragraphs; a paragraph starting with "## " is a subheading.
export interface Story {
  slug: string;
  site: string;
  title: string;
  author: string;
  date: string;
  paragraphs: string[];
  /** Text of an embedded post quoted by the story, with its attribution line. */
  tweet: { text: string; by: string };
  caption: string;
  hover: { name: string; blurb: string };
}

export const STORIES: Story[] = [
  {
    slug: 'harbour-dredging',
    site: 'The Coast Times',
    title: 'Harbour authority to dredge east channel this summer',
    author: 'Ines Caldera',
    date: '2025-04-14T09:14:00-04:00',
    paragraphs: [
      'The Portwen harbour authority said on Monday it would dredge the east channel this summer, the ' +
        'first time in more than a decade that the busy approach has been deepened.',
      'Fishing crews have complained for years that boats run aground at low tide. Two trawlers were ' +
        'damaged last winter, and one skipper said he now waits an extra two hours for the tide before ' +
        'leaving.',
      '## Cost and disruption',
      'The work will cost 2.1 million dollars, paid from harbour fees and a state grant, and will close ' +
        'the channel to leisure craft for six weeks from late June, officials said.',
      '“We have put this off for too long, and the boats have paid for it,” said harbour master Colm ' +
        'Rafferty, who added that the dredged sand would be used to rebuild the dunes at North Beach.',
      'Environmental groups said they would watch the work closely. A survey last year found eelgrass beds ' +
        'near the channel mouth, and the authority has agreed to avoid them.',
    ],
    tweet: {
      text: 'Dredging of the east channel starts June 23. Leisure craft please use the west approach until August 4.',
      by: '— Portwen Harbour (@PortwenHarbour) April 14, 2025',
    },
    caption: 'Fishing boats moored at low tide in Portwen harbour. (Photo: Dara Quill)',
    hover: {
      name: 'Colm Rafferty',
      blurb: 'Colm Rafferty has been harbour master since 2016 and previously ran the pilot service. MORE',
    },
  },
  {
    slug: 'library-late-fees',
    site: 'Riverton Ledger',
    title: 'Riverton library ends late fees for good',
    author: 'Marcus Bell',
    date: '2025-02-03',
    paragraphs: [
      'Riverton Public Library will stop charging late fees on March 1, the library board decided on ' +
        'Thursday, after a two-year trial showed that more books came back once the fines were gone.',
      'During the trial, the share of items returned within a month of their due date rose from 81 percent ' +
        'to 89 percent, according to figures presented to the board.',
      'Librarian Ada Whitcombe said fines had kept the poorest families away. “Children stopped coming ' +
        'because they owed three dollars,” she said. “That is not what a library is for.”',
      'The library will still bill borrowers for items that are lost, and accounts with unreturned items ' +
        'will be blocked after 60 days. The change will cost about 14,000 dollars a year in lost revenue.',
    ],
    tweet: {
      text: 'No more late fees at Riverton Public Library starting March 1. Bring your books back, no questions asked.',
      by: '— Riverton Library (@RivertonReads) February 3, 2025',
    },
    caption: 'Shelves in the children’s section of Riverton Public Library.',
    hover: { name: 'Ada Whitcombe', blurb: 'Ada Whitcombe is the director of Riverton Public Library. MORE' },
  },
  {
    slug: 'heat-pump-trial',
    site: 'Northfield Gazette',
    title: 'Heat pumps cut bills in council housing trial',
    author: 'Priya Natarajan',
    date: '2025-01-22T07:00:00Z',
    paragraphs: [
      'Tenants in 40 council homes in Northfield paid on average a quarter less for heating last winter ' +
        'after their gas boilers were replaced with air-source heat pumps, a study published on Wednesday ' +
        'found.',
      'The study, run by the council and the regional energy agency, compared the homes with 40 similar ' +
        'ones that kept their boilers. Both groups had the same insulation work done beforehand.',
      '## Not every home gained',
      'Savings were largest in small flats and smallest in older terraced houses, where three tenants said ' +
        'their rooms never felt warm enough on the coldest days.',
      'Councillor Tomasz Wójcik said the council would fit heat pumps in 300 more homes next year, but ' +
        'would pair them with better radiators in older houses. “We learned that the pump is only half the ' +
        'job,” he said.',
    ],
    tweet: {
      text:
        'Our heat pump trial results are out: average heating bills down 26% across 40 homes. Full report ' +
        'on our website.',
      by: '— Northfield Council (@NorthfieldCC) January 22, 2025',
    },
    caption: 'An air-source heat pump fitted to a council house in Northfield.',
    hover: { name: 'Tomasz Wójcik', blurb: 'Tomasz Wójcik chairs the housing committee of Northfield Council. MORE' },
  },
  {
    slug: 'sourdough-hydration',
    site: 'Crumb & Crust',
    title: 'What I got wrong about hydration',
    author: 'Tomás Reyes',
    date: '2024-10-05',
    paragraphs: [
      'For two years I chased wetter and wetter doughs because every loaf I admired online seemed to be ' +
        'made at 85 percent hydration or more. My bread got flatter, not better.',
      'The trouble is that hydration figures only make sense for a given flour. A strong Canadian flour ' +
        'drinks water that a soft local wheat simply cannot hold.',
      '## Start lower than you think',
      'These days I start every new flour at 68 percent and add water in small steps over several bakes, ' +
        'writing down how the dough feels after the first fold.',
      'When the dough holds its shape on the bench for ten minutes, I stop. That number, not the one in a ' +
        'photo caption, is the right hydration for my kitchen.',
    ],
    tweet: {
      text: 'Hot take: most home bakers would get better bread by taking water out, not adding more.',
      by: '— Tomás Reyes (@crumbandcrust) October 4, 2024',
    },
    caption: 'Two loaves baked at 68 and 80 percent hydration, side by side.',
    hover: { name: 'Tomás Reyes', blurb: 'Tomás Reyes writes about home baking at Crumb & Crust. MORE' },
  },
  {
    slug: 'bridge-closure',
    site: 'Valley Courier',
    title: 'Old Mill Bridge to close for eight months of repairs',
    author: 'Hannah Okoye',
    date: '2025-05-09T16:30:00+01:00',
    paragraphs: [
      'The Old Mill Bridge, the only road crossing of the river within five miles, will close to traffic ' +
        'from September to May while its steel supports are replaced, the county said on Friday.',
      'Inspectors found corrosion in six of the bridge’s eight supports during a routine check in March. A ' +
        'weight limit of 7.5 tonnes has applied since then.',
      'Drivers will face a diversion of about 11 miles through Ashby. A footbridge will stay open for ' +
        'people walking and cycling, and a free shuttle bus will run every 20 minutes at peak times.',
      'Shop owners in the village fear the closure will keep customers away. “Half of our trade comes over ' +
        'that bridge,” said Lena Sorensen, who runs a bakery on Mill Street.',
      'The county said it had considered keeping one lane open, but that doing so would have added a year ' +
        'to the work and about 900,000 pounds to its cost.',
    ],
    tweet: {
      text:
        'Old Mill Bridge will close from 1 September for essential repairs. Diversion via Ashby; ' +
        'footbridge stays open.',
      by: '— Valley County Roads (@ValleyRoads) May 9, 2025',
    },
    caption: 'The Old Mill Bridge seen from the north bank.',
    hover: { name: 'Lena Sorensen', blurb: 'Lena Sorensen has run the Mill Street Bakery since 2009. MORE' },
  },
  {
    slug: 'school-phones',
    site: 'Eastbrook Post',
    title: 'Eastbrook schools to lock away phones during lessons',
    author: 'Daniel Ferreira',
    date: '2025-03-18',
    paragraphs: [
      'Pupils at Eastbrook’s four secondary schools will have to lock their phones in pouches during ' +
        'lessons from next term, the district announced on Tuesday.',
      'The pouches open only with a magnet kept at the school gate, so pupils can still carry their phones ' +
        'and use them before and after school.',
      'A pilot at Eastbrook High last year cut the number of behaviour reports by a third, head teacher ' +
        'Yusuf Adeyemi said, and teachers reported that classes started on time more often.',
      'Some parents objected that they could not reach their children in an emergency. The district said ' +
        'parents could call the school office, which would pass on urgent messages within minutes.',
    ],
    tweet: {
      text:
        'From September, phones go into pouches during lessons at all Eastbrook secondary schools. Letters ' +
        'to families go out this week.',
      by: '— Eastbrook Schools (@EastbrookEd) March 18, 2025',
    },
    caption: 'Phone pouches handed out during the pilot at Eastbrook High.',
    hover: { name: 'Yusuf Adeyemi', blurb: 'Yusuf Adeyemi has led Eastbrook High since 2019. MORE' },
  },
  {
    slug: 'orchard-frost',
    site: 'Farm & Field Weekly',
    title: 'Late frost hits apple blossom across the valley',
    author: 'Greta Lindqvist',
    date: '2025-04-28T06:45:00Z',
    paragraphs: [
      'Two nights of frost last week damaged apple blossom across the valley, and growers warned on Monday ' +
        'that this year’s crop could be the smallest in a decade.',
      'Temperatures fell to minus four degrees on Tuesday night, just as early varieties were in full ' +
        'bloom. Growers who could ran sprinklers all night, coating the flowers in ice that protects them ' +
        'from colder air.',
      '## Insurance gaps',
      'Few small orchards carry frost insurance, which costs up to 300 dollars a hectare. The growers’ ' +
        'association said it would ask the state for emergency loans.',
      '“You can do everything right for eleven months and lose it in two nights,” said Anton Becker, whose ' +
        'family has grown apples near Linden for four generations.',
    ],
    tweet: {
      text:
        'Frost damage reports are coming in from across the valley. Please send photos of affected blossom ' +
        'to our field team.',
      by: '— Valley Growers (@ValleyGrowers) April 25, 2025',
    },
    caption: 'Ice-coated apple blossom after a night of sprinkling near Linden.',
    hover: { name: 'Anton Becker', blurb: 'Anton Becker grows apples and pears near Linden. MORE' },
  },
  {
    slug: 'transit-fare-cap',
    site: 'Metro Daily',
    title: 'City caps weekly transit fares at 25 dollars',
    author: 'Chen Wei',
    date: '2025-06-02T12:00:00-07:00',
    paragraphs: [
      'Riders on the city’s buses and trams will never pay more than 25 dollars in a week from July 1, the ' +
        'transit agency said on Monday, under a fare cap that replaces the paper weekly pass.',
      'Once a rider’s taps in a week add up to the cap, further trips that week are free. The agency said ' +
        'about 60,000 riders a week would benefit, most of them people who cannot afford a pass up front.',
      'Agency chief Rosa Delgado said the cap would cost about 4 million dollars a year in lost fares, ' +
        'which the city council has agreed to cover for three years.',
      'Rider groups welcomed the change but said the cap should also cover the regional rail line, which ' +
        'is run by a separate agency and is not included.',
    ],
    tweet: {
      text: 'Starting July 1: tap as much as you like, you will never pay more than $25 a week on buses and trams.',
      by: '— Metro Transit (@MetroRides) June 2, 2025',
    },
    caption: 'A rider taps a card on a tram in the city centre.',
    hover: { name: 'Rosa Delgado', blurb: 'Rosa Delgado became chief executive of the transit agency in 2023. MORE' },
  },
  {
    slug: 'museum-return',
    site: 'Arts Review Online',
    title: 'Museum returns carved doors to island community',
    author: 'Oluwaseun Adebayo',
    date: '2025-02-20',
    paragraphs: [
      'The Halden Museum has returned a pair of carved wooden doors to the island community they were ' +
        'taken from in 1911, ending a request that was first made in the 1970s.',
      'The doors, carved with scenes of fishing and harvest, stood at the entrance of a meeting house. A ' +
        'trader sold them to the museum two years after they were removed.',
      'Museum director Sigrid Haugen said the museum’s own records showed the community had never agreed ' +
        'to the sale. “There was no honest case for keeping them,” she said.',
      'The doors will be displayed in a new community hall on the island, which opens in the autumn. The ' +
        'museum will keep a digital copy and has paid for their transport and installation.',
    ],
    tweet: {
      text: 'Today we handed the carved doors back to the people of Vessa. They are going home after 114 years.',
      by: '— Halden Museum (@HaldenMuseum) February 20, 2025',
    },
    caption: 'The carved doors before they were packed for the journey home.',
    hover: { name: 'Sigrid Haugen', blurb: 'Sigrid Haugen has directed the Halden Museum since 2018. MORE' },
  },
  {
    slug: 'cycling-lanes',
    site: 'Westgate Chronicle',
    title: 'Protected cycle lanes approved for Station Road',
    author: 'Fiona MacLeod',
    date: '2025-07-11T18:20:00+01:00',
    paragraphs: [
      'Westgate’s planning committee on Thursday approved protected cycle lanes on both sides of Station ' +
        'Road, after a consultation that drew more than 2,000 responses.',
      'The lanes will be separated from traffic by a low kerb, and 40 of the road’s 95 parking spaces will ' +
        'be removed to make room for them.',
      'Traders had argued that losing parking would hurt their shops. The council pointed to its own ' +
        'counts showing that most shoppers on Station Road arrive on foot or by bus.',
      'Work is due to start in October and take about five months. The lanes will link the railway station ' +
        'with the new cycle path along the canal.',
    ],
    tweet: {
      text: 'Station Road cycle lanes approved tonight. Thank you to everyone who took part in the consultation.',
      by: '— Westgate Council (@WestgateCouncil) July 10, 2025',
    },
    caption: 'Station Road at the junction with Canal Street.',
    hover: { name: 'Fiona MacLeod', blurb: 'Fiona MacLeod covers transport for the Westgate Chronicle. MORE' },
  },
  {
    slug: 'rooftop-bees',
    site: 'Urban Green Blog',
    title: 'A year of keeping bees on an office roof',
    author: 'Maya Goldberg',
    date: '2024-12-01',
    paragraphs: [
      'When our building manager agreed to let us put two hives on the roof, I expected the bees to ' +
        'struggle. City roofs are windy, hot in summer and a long way from any meadow.',
      'Instead the colonies thrived. Within three miles of the roof there are parks, railway verges and ' +
        'hundreds of gardens, and the bees used all of them.',
      'We took off 31 kilograms of honey in August. It was darker than country honey and tasted faintly of ' +
        'lime trees, which line the streets around us.',
      'The hardest part was not the bees but the people. Colleagues worried about stings, so we moved the ' +
        'hives to a corner away from the smoking area and put up a small fence.',
      'Next spring we will add a third hive and plant the roof’s empty planters with thyme and lavender, ' +
        'which should give the bees something to do closer to home.',
    ],
    tweet: {
      text: 'First rooftop honey harvest: 31 kg from two hives. The lime trees on our street did most of the work.',
      by: '— Maya Goldberg (@mayakeepsbees) August 19, 2024',
    },
    caption: 'The two hives on the office roof in early summer.',
    hover: { name: 'Maya Goldberg', blurb: 'Maya Goldberg writes about city wildlife and keeps bees. MORE' },
  },
];
