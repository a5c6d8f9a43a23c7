"""Hand-written sentences for measuring spinning evidence on spins that are on no list.

Each case is a plain sentence and the phrase in it that a spinner rewrote; the spun sentence is the plain one
with that phrase replaced, so the two differ only there. The spins are of the kinds article spinners leave
in news and science text (a thesaurus swap inside a name or fixed term, numbers spelled out, a word blown up
into a phrase, one word of a collocation swapped) and were written for this file, before measuring, without
looking at which ones the tells find. Spins that read as ordinary English ("huge win" for "big win") are left
out: they leave no trace for any tell to find, and a reviewer would not call them evidence.

The templates for the held-out Problematic Paper Screener phrases are here too: sentences with a slot that
takes a noun phrase, in the register of the papers the list comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Domain = Literal["news", "science", "business", "sport"]
Category = Literal["name", "term", "number", "expansion", "collocation"]


@dataclass(frozen=True)
class Case:
    id: str
    domain: Domain
    category: Category
    plain: str
    original: str  # the phrase in ``plain`` a spinner rewrote
    spin: str  # what the spinner wrote instead

    @property
    def spun(self) -> str:
        return self.plain.replace(self.original, self.spin, 1)

    @property
    def span(self) -> tuple[int, int]:
        """Where the spin sits in ``spun``."""
        start = self.plain.index(self.original)
        return start, start + len(self.spin)


_RAW: Final[tuple[tuple[Domain, Category, str, str, str], ...]] = (
    # --- names: a thesaurus swap inside a proper name
    (
        "news",
        "name",
        "The National Security Council met on Monday to review the latest intelligence reports.",
        "National Security Council",
        "Nationwide Safety Council",
    ),
    (
        "news",
        "name",
        "The Supreme Court agreed on Friday to hear the appeal from the state's attorney general.",
        "Supreme Court",
        "Supreme Courtroom",
    ),
    (
        "news",
        "name",
        "A spokesman for the State Department declined to comment on the talks in Geneva.",
        "State Department",
        "State Division",
    ),
    (
        "news",
        "name",
        "The Defense Secretary told reporters that more troops would arrive by the end of the week.",
        "Defense Secretary",
        "Protection Secretary",
    ),
    (
        "news",
        "name",
        "Reporters waited outside the White House for the president to return from his trip.",
        "White House",
        "White Home",
    ),
    (
        "business",
        "name",
        "Shares on Wall Street closed lower after the jobs report came out on Friday morning.",
        "Wall Street",
        "Wall Avenue",
    ),
    (
        "news",
        "name",
        "According to the Associated Press, the storm left thousands of homes without power.",
        "Associated Press",
        "Related Press",
    ),
    (
        "news",
        "name",
        "The Justice Department opened an investigation into the company's accounting practices.",
        "Justice Department",
        "Justice Division",
    ),
    (
        "news",
        "name",
        "Lawmakers in the House of Representatives passed the spending bill late on Thursday.",
        "House of Representatives",
        "Home of Representatives",
    ),
    (
        "science",
        "name",
        "The World Health Organization said the outbreak was no longer a global emergency.",
        "World Health Organization",
        "World Health Group",
    ),
    (
        "business",
        "name",
        "The International Monetary Fund cut its forecast for global growth next year.",
        "International Monetary Fund",
        "Worldwide Monetary Fund",
    ),
    (
        "sport",
        "name",
        "The Olympic Games in Paris drew record crowds to the swimming events.",
        "Olympic Games",
        "Olympic Video games",
    ),
    (
        "sport",
        "name",
        "He played six seasons in the National Basketball Association before moving to Europe.",
        "National Basketball Association",
        "National Basketball Affiliation",
    ),
    (
        "sport",
        "name",
        "The Premier League announced a new fixture list after the winter break.",
        "Premier League",
        "Premier Association",
    ),
    (
        "sport",
        "name",
        "Fans packed the stadium for the World Cup final between the two old rivals.",
        "World Cup",
        "World Mug",
    ),
    (
        "news",
        "name",
        "The Foreign Minister flew to Beijing for two days of talks on trade.",
        "Foreign Minister",
        "Overseas Minister",
    ),
    (
        "news",
        "name",
        "The Home Secretary announced new rules for student visas on Tuesday.",
        "Home Secretary",
        "Residence Secretary",
    ),
    (
        "science",
        "name",
        "Researchers at the National Institutes of Health published the results in a leading journal.",
        "National Institutes of Health",
        "Nationwide Institutes of Health",
    ),
    (
        "news",
        "name",
        "Officials from the Homeland Security Department visited the border crossing in the morning.",
        "Homeland Security Department",
        "Homeland Safety Department",
    ),
    (
        "news",
        "name",
        "The Red Cross sent food and medicine to the families displaced by the floods.",
        "Red Cross",
        "Purple Cross",
    ),
    (
        "news",
        "name",
        "The United Nations said that the ceasefire had largely held over the weekend.",
        "United Nations",
        "United Countries",
    ),
    (
        "sport",
        "name",
        "The Formula One season opens in Bahrain at the start of March.",
        "Formula One",
        "Formulation One",
    ),
    (
        "sport",
        "name",
        "The Football Association fined the club for the behaviour of its fans.",
        "Football Association",
        "Football Affiliation",
    ),
    (
        "science",
        "name",
        "Scientists at the European Space Agency confirmed the launch date of the new probe.",
        "European Space Agency",
        "European Area Agency",
    ),
    (
        "science",
        "name",
        "The Centers for Disease Control and Prevention updated its guidance on masks.",
        "Disease Control",
        "Disease Management",
    ),
    (
        "business",
        "name",
        "The New York Stock Exchange halted trading in the shares for an hour.",
        "Stock Exchange",
        "Inventory Exchange",
    ),
    # --- terms: a thesaurus swap inside a lower-case fixed term
    (
        "science",
        "term",
        "She studied computer science at a large state university before joining the lab.",
        "computer science",
        "laptop science",
    ),
    (
        "science",
        "term",
        "The team used machine learning to sort millions of images of distant galaxies.",
        "machine learning",
        "machine studying",
    ),
    (
        "business",
        "term",
        "Shares fell on the stock market after the bank warned of lower profits.",
        "stock market",
        "inventory market",
    ),
    (
        "business",
        "term",
        "The chief executive said the company would hire two hundred workers next year.",
        "chief executive",
        "chief govt",
    ),
    (
        "business",
        "term",
        "Prices in the real estate market have cooled since the spring.",
        "real estate",
        "actual estate",
    ),
    (
        "news",
        "term",
        "The minister answered questions at a press conference in the capital.",
        "press conference",
        "press convention",
    ),
    (
        "business",
        "term",
        "Problems in the supply chain delayed deliveries of new cars for months.",
        "supply chain",
        "provide chain",
    ),
    (
        "business",
        "term",
        "The country's gross domestic product grew by two percent last year.",
        "domestic product",
        "home product",
    ),
    (
        "science",
        "term",
        "Patients with high blood pressure were excluded from the trial.",
        "blood pressure",
        "blood stress",
    ),
    (
        "business",
        "term",
        "The central bank kept its key interest rate unchanged for a sixth month.",
        "interest rate",
        "curiosity rate",
    ),
    (
        "science",
        "term",
        "Factories were told to cut greenhouse gas emissions by half within ten years.",
        "greenhouse gas",
        "greenhouse fuel",
    ),
    (
        "science",
        "term",
        "The drug was tested in a clinical trial with four hundred volunteers.",
        "clinical trial",
        "scientific trial",
    ),
    (
        "science",
        "term",
        "Schools hired more staff to support the mental health of their students.",
        "mental health",
        "psychological health",
    ),
    (
        "sport",
        "term",
        "The team finished the regular season with ten wins and two losses.",
        "regular season",
        "common season",
    ),
    (
        "sport",
        "term",
        "The world record in the men's mile has stood for more than twenty years.",
        "world record",
        "world file",
    ),
    (
        "sport",
        "term",
        "She won the long jump with her last attempt of the evening.",
        "long jump",
        "lengthy jump",
    ),
    (
        "business",
        "term",
        "The airline reported a net loss for the second quarter.",
        "net loss",
        "web loss",
    ),
    (
        "business",
        "term",
        "Investors moved money into government bonds as stocks fell.",
        "government bonds",
        "authorities bonds",
    ),
    (
        "news",
        "term",
        "The city council voted to build a new public library downtown.",
        "city council",
        "metropolis council",
    ),
    (
        "news",
        "term",
        "Firefighters battled the forest fire for three days before it was contained.",
        "forest fire",
        "forest hearth",
    ),
    (
        "science",
        "term",
        "The samples were kept at room temperature for a week before testing.",
        "room temperature",
        "space temperature",
    ),
    (
        "news",
        "term",
        "Human rights groups criticised the new law on public protests.",
        "rights groups",
        "rights teams",
    ),
    # --- numbers spelled out where writers use digits
    (
        "news",
        "number",
        "Crime rose sharply in many American cities during the 1980s.",
        "1980s",
        "Nineteen Eighties",
    ),
    (
        "science",
        "number",
        "The first cases of the disease were reported in the 1990s.",
        "1990s",
        "Nineteen Nineties",
    ),
    (
        "science",
        "number",
        "Hospital admissions for COVID-19 fell for the fourth week in a row.",
        "COVID-19",
        "COVID-Nineteen",
    ),
    (
        "business",
        "number",
        "Retail sales recovered slowly after the Covid-19 lockdowns ended.",
        "Covid-19",
        "Covid-Nineteen",
    ),
    (
        "news",
        "number",
        "Leaders of the G20 met in New Delhi to discuss debt relief for poorer countries.",
        "G20",
        "G-Twenty",
    ),
    (
        "sport",
        "number",
        "The club last won the league title in 1998 under a different owner.",
        "1998",
        "Nineteen Ninety-Eight",
    ),
    (
        "science",
        "number",
        "The SR-71 spy plane set a speed record that still stands today.",
        "SR-71",
        "SR-Seventy-One",
    ),
    (
        "sport",
        "number",
        "Scoring in the league has risen steadily since the 2010s.",
        "2010s",
        "Twenty Tens",
    ),
    (
        "business",
        "number",
        "Oil prices rose fourfold during the 1970s as supplies were cut.",
        "1970s",
        "Nineteen Seventies",
    ),
    (
        "business",
        "number",
        "The firm listed its shares on the stock exchange in 1999.",
        "1999",
        "Nineteen Ninety-Nine",
    ),
    # --- expansions: a word or letter blown up into a thesaurus phrase
    (
        "news",
        "expansion",
        "Officials blamed ISIS-K for the attack near the airport.",
        "ISIS-K",
        "ISIS-Okay",
    ),
    (
        "news",
        "expansion",
        "Analysts say Chinese influence in the region has grown quickly.",
        "Chinese influence",
        "Chinese language affect",
    ),
    (
        "news",
        "expansion",
        "Russian forces pulled back from the town after heavy fighting.",
        "Russian forces",
        "Russian language forces",
    ),
    (
        "business",
        "expansion",
        "The bank said its profits rose by ten percent in the third quarter.",
        "bank",
        "financial institution",
    ),
    (
        "business",
        "expansion",
        "The European Central Bank left its main rate unchanged on Thursday.",
        "Central Bank",
        "Central Financial Institution",
    ),
    (
        "news",
        "expansion",
        "Rising sea levels linked to climate change threaten many coastal towns.",
        "climate change",
        "local weather change",
    ),
    (
        "science",
        "expansion",
        "The study found that regular exercise lowered the risk of heart disease.",
        "heart disease",
        "coronary heart illness",
    ),
    (
        "science",
        "expansion",
        "The satellite will study the solar wind and its effect on the planets.",
        "solar wind",
        "photo voltaic wind",
    ),
    (
        "business",
        "expansion",
        "The company installed solar panels on the roofs of its warehouses.",
        "solar panels",
        "photo voltaic panels",
    ),
    # --- collocations: one word of an ordinary word pair swapped for a thesaurus synonym
    (
        "business",
        "collocation",
        "The company reported rapid growth in its overseas sales.",
        "rapid growth",
        "speedy growth",
    ),
    (
        "news",
        "collocation",
        "Forecasters warned that heavy rain could cause flooding across the north.",
        "heavy rain",
        "hefty rain",
    ),
    (
        "news",
        "collocation",
        "The senator said there was strong evidence of fraud in the contract.",
        "strong evidence",
        "sturdy evidence",
    ),
    (
        "business",
        "collocation",
        "The new phone will go on sale early next year in most markets.",
        "next year",
        "subsequent year",
    ),
    (
        "science",
        "collocation",
        "The results were published in a medical journal last month.",
        "last month",
        "final month",
    ),
    (
        "science",
        "collocation",
        "The patients showed a significant improvement after six weeks of treatment.",
        "significant improvement",
        "vital improvement",
    ),
    (
        "sport",
        "collocation",
        "The match was delayed by bad weather for nearly an hour.",
        "bad weather",
        "unhealthy weather",
    ),
    (
        "business",
        "collocation",
        "Economists expect consumer spending to slow in the coming months.",
        "consumer spending",
        "shopper spending",
    ),
    (
        "news",
        "collocation",
        "Police arrested two men after a car chase through the city centre.",
        "car chase",
        "automotive chase",
    ),
    (
        "science",
        "collocation",
        "The drug caused mild side effects in about one in ten patients.",
        "side effects",
        "aspect effects",
    ),
    (
        "sport",
        "collocation",
        "The veteran defender is out for a month with a knee injury.",
        "knee injury",
        "knee harm",
    ),
    (
        "news",
        "collocation",
        "Thousands of people took part in the march on Saturday.",
        "took part",
        "took half",
    ),
    (
        "business",
        "collocation",
        "The bank cut its growth forecast for the rest of the decade.",
        "growth forecast",
        "progress forecast",
    ),
    (
        "sport",
        "collocation",
        "Their top scorer missed the game with a hamstring problem.",
        "top scorer",
        "prime scorer",
    ),
    (
        "news",
        "collocation",
        "The mayor said the city would need more money to repair old bridges.",
        "more money",
        "extra cash",
    ),
    (
        "science",
        "collocation",
        "The probe sent back clear images of the far side of the moon.",
        "far side",
        "distant aspect",
    ),
)

CASES: Final[tuple[Case, ...]] = tuple(
    Case(f"{i:02d}-{category}-{domain}", domain, category, plain, original, spin)
    for i, (domain, category, plain, original, spin) in enumerate(_RAW, start=1)
)

# Templates for held-out tortured phrases: ``{}`` takes a noun phrase.
PPS_TEMPLATES: Final[tuple[str, ...]] = (
    "In this paper we review recent work on {} and discuss the open problems.",
    "The second section describes how {} is used in practice.",
    "Several groups have reported results on {} over the last decade.",
    "Our method builds on {} and extends it to larger data sets.",
    "We compare three approaches to {} on a common benchmark.",
    "Earlier studies paid little attention to {} in clinical settings.",
)

# A second set, written on 2026-11-22 (seventh session) before the change it first measured (loose thesaurus
# relations for lower-case word pairs) and without running any tell on it: the first set had been read, miss
# by miss, for several sessions, so it no longer tells whether a change generalises. Once reported, this set
# is read like the first; a later change that is tuned on it needs a third.
_FRESH_RAW: Final[tuple[tuple[Domain, Category, str, str, str], ...]] = (
    (
        "news",
        "name",
        "A spokesman for the White House declined to comment on the report.",
        "White House",
        "White Residence",
    ),
    ("business", "name", "Shares rose on Wall Street after the jobs figures came out.", "Wall Street", "Wall Avenue"),
    (
        "news",
        "name",
        "The Prime Minister will travel to Brussels next week for the summit.",
        "Prime Minister",
        "Primary Minister",
    ),
    ("news", "name", "Violence in the Middle East has pushed oil prices higher.", "Middle East", "Center East"),
    (
        "business",
        "name",
        "The company will list its shares on the New York Stock Exchange in June.",
        "New York Stock Exchange",
        "New York Inventory Exchange",
    ),
    (
        "news",
        "name",
        "The Secret Service has opened an inquiry into the breach.",
        "Secret Service",
        "Secret Assistance",
    ),
    (
        "news",
        "name",
        "The Justice Department filed the lawsuit in federal court on Tuesday.",
        "Justice Department",
        "Justice Section",
    ),
    ("news", "name", "The Coast Guard rescued four fishermen from the sinking boat.", "Coast Guard", "Coast Protect"),
    (
        "science",
        "name",
        "The Environmental Protection Agency proposed new limits on mercury emissions.",
        "Environmental Protection Agency",
        "Environmental Security Agency",
    ),
    ("sport", "name", "He scored twice in his first season in the Premier League.", "Premier League", "Premier Group"),
    (
        "business",
        "name",
        "Investors expect the Federal Reserve to raise interest rates again.",
        "Federal Reserve",
        "Federal Reservation",
    ),
    (
        "news",
        "name",
        "The Interior Ministry said the curfew would be lifted on Sunday.",
        "Interior Ministry",
        "Inside Ministry",
    ),
    (
        "science",
        "term",
        "The rise in global warming has been linked to burning coal.",
        "global warming",
        "world warming",
    ),
    ("business", "term", "The stock market fell sharply on fears of a recession.", "stock market", "inventory market"),
    (
        "business",
        "term",
        "Many firms are trying to shorten their supply chain after the pandemic.",
        "supply chain",
        "provide chain",
    ),
    (
        "business",
        "term",
        "Prices in the real estate sector have fallen for six months.",
        "real estate",
        "actual estate",
    ),
    ("science", "term", "He suffered a heart attack while running the marathon.", "heart attack", "heart assault"),
    ("business", "term", "The search engine handles billions of queries a day.", "search engine", "search motor"),
    (
        "news",
        "term",
        "The city wants more people to use public transport to get to work.",
        "public transport",
        "community transport",
    ),
    (
        "news",
        "term",
        "The group has documented human rights abuses in the region for years.",
        "human rights",
        "human privileges",
    ),
    (
        "science",
        "term",
        "The researchers trained the model on a large data set of medical images.",
        "data set",
        "information set",
    ),
    ("news", "term", "Access to health care remains poor in rural areas.", "health care", "health treatment"),
    ("business", "term", "She posted the announcement on social media late on Friday.", "social media", "social press"),
    (
        "business",
        "term",
        "The chief executive officer resigned after the merger failed.",
        "chief executive officer",
        "chief government officer",
    ),
    (
        "news",
        "collocation",
        "Drivers faced heavy traffic on the bridge all morning.",
        "heavy traffic",
        "weighty traffic",
    ),
    ("news", "collocation", "The two men had been close friends since childhood.", "close friends", "shut friends"),
    ("business", "collocation", "Sales of fast food have grown in every region.", "fast food", "rapid food"),
    (
        "news",
        "collocation",
        "The robbery took place in broad daylight on a busy street.",
        "broad daylight",
        "wide daylight",
    ),
    ("science", "collocation", "Patients in deep sleep did not respond to the sound.", "deep sleep", "profound sleep"),
    (
        "business",
        "collocation",
        "Exports showed a sharp decline in the third quarter.",
        "sharp decline",
        "pointed decline",
    ),
    (
        "news",
        "collocation",
        "By early morning the fire had reached the edge of the town.",
        "early morning",
        "premature morning",
    ),
    ("business", "collocation", "The bank expects slower growth in the short term.", "short term", "brief term"),
    ("news", "collocation", "Preparations for the festival are in full swing.", "full swing", "entire swing"),
    (
        "sport",
        "collocation",
        "The team was knocked out in the group stage for the first time.",
        "group stage",
        "team stage",
    ),
    ("news", "collocation", "The shop on the ground floor was flooded overnight.", "ground floor", "floor floor"),
    (
        "science",
        "collocation",
        "Strong winds brought down power lines across the county.",
        "power lines",
        "energy lines",
    ),
    ("news", "number", "The building was designed in the 1960s by a local architect.", "1960s", "Nineteen Sixties"),
    (
        "business",
        "number",
        "The airline grounded its Boeing 737 jets after the crash.",
        "737",
        "Seven Hundred Thirty-Seven",
    ),
    ("sport", "expansion", "Soccer is the most popular sport in the country.", "Soccer", "Affiliation football"),
    ("news", "expansion", "Officials said the flu vaccine was safe for children.", "flu", "influenza virus"),
)

FRESH_CASES: Final[tuple[Case, ...]] = tuple(
    Case(f"f{i:02d}-{category}-{domain}", domain, category, plain, original, spin)
    for i, (domain, category, plain, original, spin) in enumerate(_FRESH_RAW, start=1)
)

# A third set, written on 2026-11-23 (eleventh session) after the second had been read miss by miss, before any
# change it measures and without running any tell on it. Its first report is a fresh estimate of the tells as
# they are; a change tuned on it afterwards needs a fourth.
_THIRD_RAW: Final[tuple[tuple[Domain, Category, str, str, str], ...]] = (
    # --- thesaurus swaps inside names
    (
        "news",
        "name",
        "The European Union agreed on new sanctions against the regime.",
        "European Union",
        "European Marriage",
    ),
    (
        "news",
        "name",
        "The Security Council will meet again on Friday to discuss the ceasefire.",
        "Security Council",
        "Protection Council",
    ),
    (
        "business",
        "name",
        "The Federal Trade Commission fined the company for misleading adverts.",
        "Federal Trade Commission",
        "Federal Trade Fee",
    ),
    ("sport", "name", "The World Cup final drew a record television audience.", "World Cup", "World Mug"),
    ("news", "name", "Members of the Labour Party voted for a new leader.", "Labour Party", "Labour Occasion"),
    (
        "sport",
        "name",
        "The Olympic Committee announced the host city on Tuesday.",
        "Olympic Committee",
        "Olympic Panel",
    ),
    ("news", "name", "The Red Cross sent medical teams to the flooded region.", "Red Cross", "Crimson Cross"),
    ("business", "name", "The World Bank cut its forecast for global growth.", "World Bank", "Globe Bank"),
    (
        "science",
        "name",
        "Images from the Hubble Space Telescope confirmed the finding.",
        "Hubble Space Telescope",
        "Hubble Area Telescope",
    ),
    ("news", "name", "The Home Office said the visa rules would change in April.", "Home Office", "Dwelling Office"),
    (
        "science",
        "name",
        "The National Science Foundation funded the survey for five years.",
        "National Science Foundation",
        "National Science Basis",
    ),
    ("sport", "name", "The Boston Red Sox won the opening game of the series.", "Red Sox", "Red Socks"),
    # --- thesaurus swaps inside fixed terms
    (
        "science",
        "term",
        "Many of the patients had high blood pressure before the study began.",
        "blood pressure",
        "blood strain",
    ),
    (
        "science",
        "term",
        "The vaccine triggers a strong immune response in older adults.",
        "immune response",
        "immune reply",
    ),
    (
        "business",
        "term",
        "The weaker exchange rate made imports more expensive.",
        "exchange rate",
        "alternate rate",
    ),
    (
        "science",
        "term",
        "The drug is now in a large clinical trial in three countries.",
        "clinical trial",
        "clinical ordeal",
    ),
    ("news", "term", "Police said the suspect had a long criminal record.", "criminal record", "criminal document"),
    (
        "science",
        "term",
        "Speech recognition systems now run on most phones.",
        "Speech recognition",
        "Speech acknowledgment",
    ),
    ("business", "term", "Small firms struggled with cash flow during the winter.", "cash flow", "cash stream"),
    (
        "science",
        "term",
        "The nurses measured the body mass index of each child.",
        "body mass index",
        "physique mass index",
    ),
    (
        "business",
        "term",
        "The firm reported a sharp rise in operating profit for the quarter.",
        "operating profit",
        "working profit",
    ),
    ("science", "term", "Burning fossil fuels releases carbon into the air.", "fossil fuels", "fossil gasoline"),
    # --- one word of a collocation swapped
    (
        "news",
        "collocation",
        "The meeting took place in a hotel near the airport.",
        "took place",
        "took location",
    ),
    (
        "business",
        "collocation",
        "Investors should pay attention to the new rules on disclosure.",
        "pay attention",
        "pay consideration",
    ),
    (
        "news",
        "collocation",
        "The plan does not make sense to most voters.",
        "make sense",
        "make perception",
    ),
    (
        "news",
        "collocation",
        "Rescue teams worked around the clock to reach the miners.",
        "around the clock",
        "around the watch",
    ),
    (
        "sport",
        "collocation",
        "The striker missed a penalty kick in the final minute.",
        "penalty kick",
        "penalty boot",
    ),
    (
        "business",
        "collocation",
        "The retailer filed for bankruptcy protection last week.",
        "bankruptcy protection",
        "bankruptcy shelter",
    ),
    ("news", "collocation", "Heavy rain caused flooding in the valley overnight.", "Heavy rain", "Hefty rain"),
    (
        "science",
        "collocation",
        "The difference between the two groups was statistically significant.",
        "statistically significant",
        "statistically vital",
    ),
    (
        "news",
        "collocation",
        "The talks were held behind closed doors in Geneva.",
        "closed doors",
        "shut doors",
    ),
    (
        "business",
        "collocation",
        "Quarterly sales fell short of expectations.",
        "fell short",
        "fell brief",
    ),
    ("sport", "collocation", "The home crowd cheered every pass.", "home crowd", "residence crowd"),
    # --- numbers spelled out
    (
        "news",
        "number",
        "The air force ordered twelve more F-35 fighter jets.",
        "F-35",
        "F-Thirty-Five",
    ),
    ("science", "number", "Apollo 11 landed on the Moon in July 1969.", "Apollo 11", "Apollo Eleven"),
    ("news", "number", "Schools closed across the country in 2020.", "2020", "Twenty Twenty"),
    # --- a word blown up into a phrase
    (
        "business",
        "expansion",
        "Japanese exports rose for a third month.",
        "Japanese exports",
        "Japanese language exports",
    ),
    ("news", "expansion", "Russian officials denied the claim.", "Russian officials", "Russian language officials"),
)

THIRD_CASES: Final[tuple[Case, ...]] = tuple(
    Case(f"t{i:02d}-{category}-{domain}", domain, category, plain, original, spin)
    for i, (domain, category, plain, original, spin) in enumerate(_THIRD_RAW, start=1)
)


# A fourth set, written on 2026-11-23 (fourteenth session) before any change it measures and without running any
# tell on it: the third was read miss by miss, and the neighbour links and the expansions change were measured on
# it. Some spins are of the kind commercial spinners are known for ("most cancers", "well being", "press launch").
_FOURTH_RAW: Final[tuple[tuple[Domain, Category, str, str, str], ...]] = (
    # --- thesaurus swaps inside names
    (
        "news",
        "name",
        "The Justice Department opened an inquiry into the contracts.",
        "Justice Department",
        "Justice Section",
    ),
    ("news", "name", "The Foreign Office summoned the ambassador on Tuesday.", "Foreign Office", "Foreign Workplace"),
    ("business", "name", "The Federal Reserve kept its main rate unchanged.", "Federal Reserve", "Federal Hold"),
    ("sport", "name", "The Champions League final will be played in Munich.", "Champions League", "Champions Alliance"),
    ("news", "name", "The High Court rejected the appeal on Monday.", "High Court", "Excessive Court"),
    ("news", "name", "The Home Secretary announced new border rules.", "Home Secretary", "Dwelling Secretary"),
    (
        "business",
        "name",
        "The Stock Exchange closed early because of the storm.",
        "Stock Exchange",
        "Inventory Exchange",
    ),
    ("science", "name", "The Royal Society awarded her its highest medal.", "Royal Society", "Royal Group"),
    ("news", "name", "Downing Street said the talks had failed.", "Downing Street", "Downing Road"),
    ("sport", "name", "The Grand National was run in heavy rain.", "Grand National", "Grand Nationwide"),
    ("news", "name", "The Green Party won two seats in the election.", "Green Party", "Inexperienced Party"),
    (
        "science",
        "name",
        "The Large Hadron Collider restarted after repairs.",
        "Large Hadron Collider",
        "Giant Hadron Collider",
    ),
    # --- thesaurus swaps inside fixed terms
    ("business", "term", "The company reported a strong cash flow this quarter.", "cash flow", "money flow"),
    ("science", "term", "The study used a control group of forty adults.", "control group", "management group"),
    ("news", "term", "The suspect remains in police custody.", "police custody", "police guardianship"),
    ("business", "term", "Shares fell after the profit warning.", "profit warning", "benefit warning"),
    ("science", "term", "The wind farms off the coast supply the city.", "wind farms", "wind ranches"),
    (
        "news",
        "term",
        "The government declared a state of emergency after the floods.",
        "state of emergency",
        "state of urgency",
    ),
    ("business", "term", "Consumer confidence fell to a record low.", "record low", "document low"),
    ("science", "term", "Global warming threatens the coral reefs.", "Global warming", "International warming"),
    ("news", "term", "He was convicted of money laundering.", "money laundering", "cash laundering"),
    ("business", "term", "The firm lost market share to cheaper rivals.", "market share", "market portion"),
    (
        "science",
        "term",
        "The team trained the model with artificial intelligence tools.",
        "artificial intelligence",
        "synthetic intelligence",
    ),
    ("business", "term", "The company issued a press release on Friday.", "press release", "press launch"),
    ("business", "term", "The brand grew through social media.", "social media", "social medium"),
    ("science", "term", "The lab publishes open source software.", "open source", "open supply"),
    # --- broken collocations
    ("news", "collocation", "A strong wind brought down several trees.", "strong wind", "robust wind"),
    ("sport", "collocation", "The car reached its top speed on the straight.", "top speed", "top velocity"),
    ("news", "collocation", "The children were fast asleep when the fire started.", "fast asleep", "quick asleep"),
    ("science", "collocation", "The divers explored the deep water near the reef.", "deep water", "profound water"),
    ("business", "collocation", "Prices showed a sharp rise in May.", "sharp rise", "acute rise"),
    ("news", "collocation", "Negotiators said they had made progress overnight.", "made progress", "made development"),
    ("sport", "collocation", "The score was level at full time.", "full time", "complete time"),
    ("sport", "collocation", "He scored directly from a free kick.", "free kick", "unfastened kick"),
    ("news", "collocation", "The fire broke out late last night.", "last night", "final night"),
    # --- numbers written out
    ("science", "number", "Hospital admissions for Covid-19 fell again.", "Covid-19", "Covid-Nineteen"),
    ("business", "number", "The firm grew quickly in the 2000s.", "2000s", "Two Thousands"),
    # --- expansions
    ("science", "expansion", "The National Cancer Institute funded the trial.", "Cancer", "Most cancers"),
    ("news", "expansion", "Spending on public health rose sharply.", "public health", "public well being"),
)

FOURTH_CASES: Final[tuple[Case, ...]] = tuple(
    Case(f"q{i:02d}-{category}-{domain}", domain, category, plain, original, spin)
    for i, (domain, category, plain, original, spin) in enumerate(_FOURTH_RAW, start=1)
)
