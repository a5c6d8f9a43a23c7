"""Small hand-written word lists. Large data-derived tables live in ``artifactdet.resources``."""

from __future__ import annotations

from typing import Final

FUNCTION_WORDS: Final = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "afterwards",
        "again",
        "against",
        "all",
        "almost",
        "alone",
        "along",
        "already",
        "also",
        "although",
        "always",
        "am",
        "among",
        "amongst",
        "an",
        "and",
        "another",
        "any",
        "anybody",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "are",
        "around",
        "as",
        "at",
        "be",
        "became",
        "because",
        "become",
        "becomes",
        "been",
        "before",
        "beforehand",
        "behind",
        "being",
        "below",
        "beside",
        "besides",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "elsewhere",
        "enough",
        "even",
        "ever",
        "every",
        "everyone",
        "everything",
        "everywhere",
        "except",
        "few",
        "for",
        "former",
        "formerly",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "hence",
        "her",
        "here",
        "hereby",
        "herein",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "indeed",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "latter",
        "least",
        "less",
        "many",
        "may",
        "me",
        "meanwhile",
        "might",
        "mine",
        "more",
        "moreover",
        "most",
        "mostly",
        "much",
        "must",
        "my",
        "myself",
        "namely",
        "neither",
        "never",
        "nevertheless",
        "next",
        "no",
        "nobody",
        "none",
        "noone",
        "nor",
        "not",
        "nothing",
        "now",
        "nowhere",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "per",
        "perhaps",
        "rather",
        "same",
        "several",
        "she",
        "should",
        "since",
        "so",
        "some",
        "somehow",
        "someone",
        "something",
        "sometime",
        "sometimes",
        "somewhere",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "thence",
        "there",
        "thereafter",
        "thereby",
        "therefore",
        "therein",
        "thereupon",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "throughout",
        "thru",
        "thus",
        "to",
        "together",
        "too",
        "toward",
        "towards",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "whence",
        "whenever",
        "where",
        "whereafter",
        "whereas",
        "whereby",
        "wherein",
        "whereupon",
        "wherever",
        "whether",
        "which",
        "while",
        "whither",
        "who",
        "whoever",
        "whole",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "'s",
        "n't",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
    ]
)

# Function words whose relative frequency separates translated from original English (translationese
# over- and under-uses them); the profile tell turns each into a feature.
PROFILE_WORDS: Final = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "that",
    "which",
    "who",
    "this",
    "these",
    "it",
    "its",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "also",
    "however",
    "such",
    "there",
    "their",
    "they",
    "he",
    "she",
    "we",
    "i",
    "you",
    "not",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "because",
    "so",
    "than",
    "then",
    "very",
    "more",
    "most",
]

# Multi-word names and fixed terms a spinner breaks. Hand-written general knowledge (institutions, titles,
# common technical terms); the resources builder adds frequent capitalised n-grams from original English.
# Casing matters: a Capitalised entry is a name and is only restored from a capitalised window ("the state
# division of a company" is ordinary English, "the State Division" is a spun State Department).
FIXED_TERMS: Final = tuple(
    line.strip()
    for line in """
    State Department
    Defense Department
    Justice Department
    Treasury Department
    Defense Secretary
    Defence Secretary
    Defense Minister
    Defence Minister
    Foreign Minister
    Foreign Ministry
    Foreign Secretary
    Foreign Office
    foreign policy
    Interior Minister
    Interior Ministry
    Finance Minister
    Finance Ministry
    Prime Minister
    Deputy Prime Minister
    Home Secretary
    Home Office
    Secretary of State
    Secretary General
    White House
    national security
    national security adviser
    national security advisor
    National Security Council
    Security Council
    homeland security
    Supreme Court
    High Court
    Appeals Court
    District Court
    Federal Court
    General Assembly
    United Nations
    United States
    United Kingdom
    European Union
    European Commission
    European Parliament
    Federal Reserve
    Central Bank
    World Bank
    International Monetary Fund
    World Health Organization
    armed forces
    Air Force
    Navy Seal
    Coast Guard
    National Guard
    Police Department
    Fire Department
    Health Department
    public health
    human rights
    civil rights
    climate change
    global warming
    social media
    news agency
    press conference
    Press Secretary
    prime time
    stock market
    stock exchange
    interest rates
    interest rate
    real estate
    computer science
    artificial intelligence
    machine learning
    deep learning
    neural network
    neural networks
    data mining
    big data
    cloud computing
    fog computing
    internet of things
    wireless sensor network
    feature extraction
    signal processing
    image processing
    natural language processing
    support vector machine
    random forest
    decision tree
    genetic algorithm
    mean square error
    root mean square error
    kidney failure
    heart attack
    heart failure
    blood pressure
    breast cancer
    lung cancer
    side effects
    clinical trial
    intensive care
    immune system
    nervous system
    white paper
    Middle East
    South Asia
    East Asia
    Southeast Asia
    North America
    South America
    Latin America
    Western Europe
    Eastern Europe
    cold war
    world war
    civil war
    head of state
    vice president
    president elect
    chief executive
    chief financial officer
    board of directors
    general election
    Election Commission
    Electoral College
    Labour Party
    Labor Party
    Conservative Party
    Democratic Party
    Republican Party
    Communist Party
    National Assembly
    Parliament House
    City Council
    Town Hall
    member of parliament
    """.strip().splitlines()
    if line.strip()
)
