"""Draft a visit from a press report: rules over the text, gazetteers drawn from the register.

Why rules and no model: the register runs offline on CPU, and the genre (a government's press
release on an official visit) is formulaic: posts stand before names, venues end in "Center" or
"University", the order of stops is told by "before", "then", "first". What a rule cannot know,
the register tells: the people, organisations and places it already holds (gazetteer.py).
spaCy's blank pipeline was considered: without a trained model it gives a tokenizer and phrase
matchers, which the regular expressions and rapidfuzz here already cover, at the price of a large
install and about a second to import; so the extractor keeps to rapidfuzz, a Snowball stemmer and
dateparser (dates in any of the ways reports write them, relative to the report's date).

`extract(text, published_on=..., gazetteer=...)` returns a `Proposal` (as_dict() for JSON): the
sentences, people, organisations and places (each matched to a record or proposed as new), the
visit, its stops in the order they happened with their participants and roles, and place facts;
every item carries the quote that states it, pinned by offsets into the text.
"""

import datetime
import re
from dataclasses import asdict, dataclass, field

from django.utils.text import slugify

from common.names import normalise_name
from reports.extraction import dates as date_reading
from reports.extraction.gazetteer import Gazetteer
from reports.extraction.lexicon import (
    ABBREVIATED_TITLES,
    ACTING_WORDS,
    BOTH_WORDS,
    CITY_TITLES,
    CITY_WORDS,
    CONNECTORS,
    DEMONYMS,
    FUNCTION_WORDS,
    GOVERNMENT_TITLES,
    GULF_HONORIFICS,
    GULF_PARTICLES,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORGANISATION_WORDS,
    REGION_TITLES,
    REGION_WORDS,
    TITLE_WORDS,
    TITLES,
    VENUE_WORDS,
    VISIT_KINDS,
    VISIT_VERBS,
    WORLD_REGIONS,
)
from reports.extraction.text import Span, sentences, tokens

# Words written with a full stop that does not end a name: "St. Andrew", "Dr. S. Jaishankar".
_ABBREVIATED = {
    "St",
    "Mt",
    "Ft",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Prof",
    "Gen",
    "Col",
    "Lt",
    "Capt",
    "Sen",
    "Rep",
    "Gov",
    "Maj",
    "No",
}
_WORLD_REGIONS = {normalise_name(name) for name in WORLD_REGIONS}
_TITLE_TOKENS = [tuple(re.split(r"\s+", title)) for title in TITLES]
_VISIT_VERB = re.compile(rf"\b(?:{VISIT_VERBS})(?!\w)", re.IGNORECASE)
# Portfolios: "Secretary of Foreign Affairs" is one post, not a secretary of a body called "Foreign Affairs".
PORTFOLIOS = {
    "Affairs", "Defence", "Defense", "Finance", "Economy", "Trade", "Health", "Education", "Interior",
    "Justice", "Agriculture", "Energy", "Transport", "Industry", "Culture", "Labour", "Labor", "Environment",
    "Development", "Investment", "Investments", "Foreign", "Cooperation", "Science", "Technology",
    "Digital", "Infrastructure", "Tourism", "Sport", "Sports", "Youth", "Security", "Climate",
    "Innovation", "Commerce", "Mining", "Mines", "Resources", "Water", "Housing", "Communications",
    "Planning", "Integration", "Fisheries", "Employment", "Welfare", "Research", "Industries",
    "Competition", "Enterprise", "Enterprises", "Telecommunications", "Transportation", "Aviation",
    "Petroleum", "Gas", "Oil", "Power", "Electricity", "Lands", "Forestry", "Livestock", "Information",
    "Media", "Arts", "Heritage", "Veterans", "Immigration", "Citizenship", "Refugees", "Works",
    "Relations", "Services", "Medical", "Social", "Family", "Women", "Children", "Maritime", "Ports",
    "Statistics", "Reforms", "Governance", "Sanitation", "Irrigation", "Aid",
}  # fmt: skip
_TITLE_BEFORE = re.compile(
    r"\b(?:the\s+)?(?P<title>" + "|".join(re.escape(t) for t in TITLES) + r")"
    r"(?:\s+of\s+(?P<of>(?:the\s+)?[^,.;()]{1,60}?)|\s+for\s+(?P<for>[A-Z][^,.;()]{1,60}?))?\s*,?\s*$",
    re.IGNORECASE,
)


@dataclass
class Quote:
    quote: str
    start: int
    end: int


def _quote(text, start, end):
    return Quote(text[start:end], start, end)


@dataclass
class Entity:
    key: str
    type: str  # person, organisation, place
    name: str
    kind: str = ""
    match: dict | None = None
    quote: Quote | None = None
    mentions: list = field(default_factory=list)  # [start, end]
    # People: the post as the text states it.
    title: str = ""
    title_as_stated: str = ""
    acting: bool = False
    organisation: str | None = None  # key of an organisation entity
    title_quote: Quote | None = None
    given_name: str = ""
    family_name: str = ""
    # Places and organisations.
    parent: str | None = None  # key of a place (or organisation) entity
    country: str | None = None  # key of a country entity
    iso_code: str = ""
    abbreviation: str = ""
    seat: str | None = None  # an organisation's venue


@dataclass
class Participant:
    person: str | None  # entity key
    role: str
    name_as_stated: str = ""
    title_as_stated: str = ""
    organisation: str | None = None
    quote: Quote | None = None


@dataclass
class Stop:
    key: str
    venue: str | None  # place entity key
    title: str = ""
    sequence: int = 0
    date: str | None = None
    host_organisation: str | None = None
    quotes: list = field(default_factory=list)  # Quotes of the sentences that tell it
    order_cue: Quote | None = None
    participants: list = field(default_factory=list)
    position: float = 0.0
    told_at: int = 0
    has_venue: bool = False
    # Someone met the visitor in the sentence that told the stop ("arrived in Manila and was met by
    # X"): an arrival of its own, kept when a venue in the city follows.
    welcomed: bool = False


@dataclass
class Fact:
    key: str
    place: str
    kind: str
    value: str | None = None
    unit: str = ""
    qualifier: str = "exact"
    value_text: str = ""
    as_of: str | None = None
    quote: Quote | None = None
    quotes: list = field(default_factory=list)


@dataclass
class VisitProposal:
    principal: str | None = None
    principal_country: str | None = None
    host_country: str | None = None
    kind: str = "not_stated"
    start: str | None = None
    end: str | None = None
    title: str = ""
    slug: str = ""
    quote: Quote | None = None
    kind_quote: Quote | None = None
    date_quotes: list = field(default_factory=list)
    host_quote: Quote | None = None


@dataclass
class Proposal:
    text: str
    published_on: str | None
    sentences: list
    people: list
    organisations: list
    places: list
    visit: VisitProposal
    stops: list
    facts: list

    def entity(self, key):
        for group in (self.people, self.organisations, self.places):
            for item in group:
                if item.key == key:
                    return item
        return None

    def as_dict(self):
        data = asdict(self)
        data.pop("text")
        return data


# --- reading names -------------------------------------------------------------------------

_COURTESY_BEFORE = re.compile(
    r"(?:\b(?:"
    + "|".join(sorted(HONORIFICS, key=len, reverse=True))
    + r"|H\.E|Tan Sri|Seri|Sri)['’]?\.?\s+)+$"
)


def _is_cap(word):
    # "iHub", "eThekwini": a name written with a small first letter.
    return word[:1].isupper() or (len(word) > 2 and word[0].islower() and word[1].isupper())


def _is_acronym(word):
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha()


def _name_like(word):
    lower = word.lower()
    return (
        _is_cap(word)
        and not _is_acronym(word)
        and word not in NOT_NAMES
        and word not in DEMONYMS
        and word not in TITLE_WORDS
        and lower not in VENUE_WORDS
        and lower not in ORGANISATION_WORDS
        and lower not in CITY_WORDS
        and lower not in REGION_WORDS
        and not any(char.isdigit() for char in word)
    )


def _runs(text, sentence):
    """Runs of capitalised words (with connectors such as "of the" inside) in one sentence."""
    words = tokens(text, sentence.start, sentence.end)
    runs, current = [], []
    for index, word in enumerate(words):
        # "People's Committee": the possessive left out of the word still joins it to the next.
        gap = text[current[-1].end : word.start] if current else ""
        joined = (
            not current
            or gap.strip() in ("", "'s", "’s", "'", "’")  # "Anyang' Nyong'o": a name's apostrophe
            or (
                gap.strip() == "."
                and (
                    current[-1].text in _ABBREVIATED
                    or (len(current[-1].text) == 1 and _is_cap(current[-1].text))
                    or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", current[-1].text)  # "P.S. Karthigeyan"
                )
            )
        )
        if (
            current
            and not joined
            and gap.strip() == ","
            and len(current) >= 2
            and current[-2].text in ("of", "for")
            and re.match(r",\s*[A-Z][\w'’-]+\s+and\s+[A-Z]", text[current[-1].end :])
        ):
            joined = True  # "Ministry of Investments, Trade and Industry": one name with a list in it
        if current and not joined:
            runs.append(current)
            current = []
        if _is_cap(word.text) or (word.text.isdigit() and current and current[-1].text == "No"):
            current.append(word)  # "School No. 26"
        elif (
            re.fullmatch(r"(?:19|20)\d\d", word.text)
            and current
            and _is_cap(current[-1].text)
            and current[-1].text not in _MONTH_NAMES
            and index + 1 < len(words)
            and words[index + 1].text in VENUE_WORDS
        ):
            current.append(word)  # "the Expo 2025 site": a year and a building's word end the name
        elif word.text in VENUE_WORDS and current and re.fullmatch(r"(?:19|20)\d\d", current[-1].text):
            current.append(word)
        elif (
            word.text == "on"
            and current
            and current[-1].text.lower() in VENUE_WORDS
            and _on_feature(words, index)
        ):
            current.append(word)  # "the National Memorial on Vítkov Hill": one name
        elif word.text in CONNECTORS and current and index + 1 < len(words):
            # "of the Russian Federation": connectors go on while a capitalised word follows them.
            ahead = index + 1
            while ahead < len(words) and words[ahead].text in CONNECTORS:
                ahead += 1
            following = words[ahead] if ahead < len(words) else None
            if (
                following is not None
                and _is_cap(following.text)
                and text[word.end : following.start].strip(" ")
                == " ".join(w.text for w in words[index + 1 : ahead])
            ):
                current.append(word)
                continue
            runs.append(current)
            current = []
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    # A run never ends on a connector.
    return [run for run in (_trim(run) for run in runs) if run]


def _listed_portfolio(text, rest, continued=False):
    """(portfolio words, name words) of "of/for A, B and C First Last" (or of ", B and C First Last"
    after a post that ends with A), or None."""
    if not continued and (
        len(rest) < 5 or rest[0].text not in ("of", "for") or "," not in text[rest[0].start : rest[-1].end]
    ):
        return None
    body = rest if continued else rest[1:]
    ands = [index for index, word in enumerate(body) if word.text == "and"]
    if not ands or ands[-1] + 2 >= len(body):
        return None
    portfolio, name = body[: ands[-1] + 2], body[ands[-1] + 2 :]
    while len(name) > 2 and name[0].text in PORTFOLIOS:
        # "Energy, Mining and Water Resources Jane Doe": the list's last item has two words.
        portfolio, name = body[: len(portfolio) + 1], name[1:]
    if not 2 <= len(name) <= 4 or not all(
        _name_like(word.text) or word.text in NAME_PARTICLES for word in name
    ):
        return None
    return portfolio, name


def _on_feature(words, index):
    """Whether the capitalised words after words[index] ("on") name a hill, a square, an island."""
    ahead = index + 1
    while ahead < len(words) and _is_cap(words[ahead].text):
        ahead += 1
    return ahead > index + 1 and words[ahead - 1].text.lower() in _FEATURES


def _trim(run):
    while run and run[-1].text in CONNECTORS:
        run = run[:-1]
    while run and (run[0].text in CONNECTORS):
        run = run[1:]
    return run


def _title_at(run, index):
    """(title words, length) of the longest post starting at run[index], or (None, 0)."""
    words = [word.text for word in run[index:]]
    if words and len(words[0]) > 3 and words[0].endswith("s"):
        # "Members of Parliament X and Y", "Ministers X and Y": the post of each, in the singular.
        singular = [words[0][:-1]] + words[1:]
        for title in _TITLE_TOKENS:
            if tuple(singular[: len(title)]) == title:
                return " ".join(title), len(title)
    for title in _TITLE_TOKENS:
        if tuple(words[: len(title)]) == title:
            return " ".join(title), len(title)
    for short in sorted(ABBREVIATED_TITLES, key=len, reverse=True):
        if tuple(words[: len(short)]) == short:
            return ABBREVIATED_TITLES[short], len(short)
    return None, 0


def _split_name(run):
    """The trailing words of a run that make a person's name (2-4 words, particles allowed), or []."""
    name = []
    for position, word in reversed(list(enumerate(run))):
        if not name and position > 0 and re.fullmatch(r"[IVX]{1,4}", word.text):
            name.insert(0, word)  # "King Tupou VI", "King Charles III": a regnal number
            continue
        given = name and name[0].text in GULF_PARTICLES - {"Al", "El"} and _is_cap(word.text)
        initial = (
            name
            and len(word.text) == 1
            and word.text.isupper()
            and position > 0
            and _name_like(run[position - 1].text)
        )
        family = (
            len(name) == 1 and _is_acronym(word.text) and len(word.text) >= 3 and name[0].text[1:].islower()
        )
        # "Park Ji Yeon": a family name that is also a building's word, written first.
        family = family or (len(name) >= 2 and word.text in ("Park", "Hall"))
        given = given or initial or family  # "Enrique A. Manalo", "KIHARA Minoru"
        if (
            _name_like(word.text)
            or (word.text in NAME_PARTICLES and name)
            or (given and (word.text not in NOT_NAMES or initial))
        ):
            name.insert(0, word)  # "Sultan bin Ahmed Al Jaber": a post's word as a given name
            if sum(1 for w in name if w.text not in NAME_PARTICLES | GULF_PARTICLES) == 4:
                break
        else:
            break
    while name and name[0].text in NAME_PARTICLES:
        name = name[1:]
    return _without_courtesy(name) if len(name) >= 2 else []


def _courtesy_words(words):
    """How many words at the start of `words` are courtesies: "Smt", "Ratu Dr", "Datuk Seri",
    "Tan Sri", "Dato' Sri" ("Seri"/"Sri" only after those, as "Sri" starts names of its own)."""
    count = 0
    while count < len(words):
        word = words[count].text.rstrip("'’")
        if word in HONORIFICS:
            count += 1
        elif word == "Tan" and count + 1 < len(words) and words[count + 1].text == "Sri":
            count += 2
        elif word in ("Seri", "Sri") and count and words[count - 1].text.rstrip("'’") in ("Datuk", "Dato"):
            count += 1
        elif word == "Utama" and count and words[count - 1].text in ("Seri", "Sri"):
            count += 1  # "Dato' Seri Utama"
        else:
            break
    return count


def _without_courtesy(name):
    """ "Sheikh Tahnoun bin Zayed Al Nahyan" is named "Tahnoun bin Zayed Al Nahyan", "Smt Droupadi
    Murmu" "Droupadi Murmu", "Datuk Seri Anwar Ibrahim" "Anwar Ibrahim"."""
    courtesy = _courtesy_words(name)
    if courtesy and len(name) - courtesy >= 2:
        return name[courtesy:]
    if len(name) > 2 and name[0].text in GULF_HONORIFICS and any(w.text in GULF_PARTICLES for w in name[2:]):
        return name[1:]
    return name


class _Reader:
    """One pass over the report; builds the entities, then the visit, stops and facts."""

    def __init__(self, text, published_on, gazetteer):
        self.text = text
        self.published_on = published_on
        self.gazetteer = gazetteer
        self.sentences = sentences(text)
        self.entities = {}  # key -> Entity
        self.by_name = {}  # (type, normalised name) -> key
        self.mentions = []  # (start, end, key, sentence index, title info or None)
        self.title_mentions = []  # (start, end, title, acting, country key, sentence index, of_phrase)
        self.place_context = None  # the city last named, for "the city", "the Technopark"
        self.datelines = set()  # offsets of the city names of datelines
        self.in_posts = set()  # offsets of places named as a post's ("Mayor of Narva")
        self.commemorated = set()  # offsets of people a memorial is to
        self.plural_post = None  # (end, post, sentence) of a name after a plural post
        self.counter = 0

    # entities

    def entity(self, type_, name, start, end, *, kind="", known=None, score=0.0):
        if known is None:
            known, score = self.gazetteer.find(name, types=(type_,))
            # "Innopolis" the city is not "Innopolis University" the venue.
            if (
                known is not None
                and type_ == "place"
                and kind
                and known.kind not in (kind, "unknown")
                and score < 100
            ):
                known = None
        lookup_name = known.name if known else name
        key = self.by_name.get((type_, normalise_name(lookup_name)))
        if key is None and type_ == "person" and known is None:
            # "Lula da Silva" after "Luiz Inácio Lula da Silva": the same person named shorter.
            words = normalise_name(name).split()
            if len(words) > 1 and name.split()[0] in GULF_HONORIFICS:
                words = words[1:]  # "Sheikh Mohamed": Mohamed bin Zayed Al Nahyan named short
                for entity in self.entities.values():
                    full = normalise_name(entity.name).split()
                    if entity.type == "person" and len(words) < len(full) and full[: len(words)] == words:
                        key = entity.key
                        break
            for entity in self.entities.values():
                full = normalise_name(entity.name).split()
                if (
                    key is None
                    and entity.type == "person"
                    and len(words) < len(full)
                    and full[-len(words) :] == words
                ):
                    key = entity.key
                    break
            if key is None and len(words) == 1:
                holder = self.person_by_surname(name)  # "Yoon" for Yoon Suk Yeol
                key = holder.key if holder is not None else None
            if key is None and len(words) > 2:
                for entity in self.entities.values():
                    short = normalise_name(entity.name).split()
                    if (
                        entity.type == "person"
                        and not entity.match
                        and 1 < len(short) < len(words)
                        and words[: len(short)] == short
                        and (set(words) & {"bin", "bint", "ibn"} or self.in_header(entity.mentions[0][0]))
                    ):
                        # "Alicia Bárcena" (a headline) before "Alicia Bárcena Ibarra" too
                        # "Mohamed bin Zayed" (a headline) before "Mohamed bin Zayed Al Nahyan"
                        key = entity.key
                        entity.name = name
                        self.by_name[(type_, normalise_name(name))] = key
                        break
        if key is None and known is not None and known.id is not None:
            for entity in self.entities.values():
                if entity.match and entity.type == type_ and entity.match["id"] == known.id:
                    key = entity.key
        if key is None:
            self.counter += 1
            key = f"{type_[:2]}{self.counter}"
            entity = Entity(
                key=key,
                type=type_,
                name=lookup_name,
                kind=known.kind if known and known.kind not in ("", "unknown") else kind,
            )
            if known is not None:
                entity.match = known.as_match(score) if known.id is not None else None
                entity.iso_code = known.iso_code
            entity.quote = _quote(self.text, start, end)
            self.entities[key] = entity
            self.by_name[(type_, normalise_name(lookup_name))] = key
        self.by_name.setdefault((type_, normalise_name(name)), key)
        entity = self.entities[key]
        if [start, end] not in entity.mentions:
            entity.mentions.append([start, end])
        return entity

    def matched(self, type_, record_id):
        """The entity of this report matched to the record `record_id`, if any."""
        if record_id is None:
            return None
        for entity in self.entities.values():
            if entity.type == type_ and entity.match and entity.match["id"] == record_id:
                return entity
        return None

    def country_entity(self, known, start, end):
        return self.entity("place", known.name, start, end, kind="country", known=known, score=100.0)

    def in_header(self, start):
        """Whether `start` lies in a headline or a header line."""
        return any(
            sentence.start <= start < sentence.end and self.is_header_line(sentence)
            for sentence in self.sentences
        )

    def is_headline(self, sentence):
        """A line in title case ("President Yoon Holds Summit with Czech President, Visits ..."): its
        capitals say nothing of names, so no name is read in it (the body names them again)."""
        text = self.text
        own_line = text[: sentence.start].rstrip(" \t").endswith("\n") or not text[: sentence.start].strip()
        if not own_line or sentence.text.endswith((".", "!", "?")):
            return False
        words = [
            w for w in re.findall(r"[^\W\d_][\w'’-]*", sentence.text) if len(w) > 3 and w not in _SMALL_WORDS
        ]
        return len(words) >= 4 and all(_is_cap(w) for w in words)

    def read_names(self):
        for number, sentence in enumerate(self.sentences):
            if self.is_headline(sentence):
                self.read_headline_countries(sentence)
                continue
            self.read_dateline(sentence)
            for run in _runs(self.text, sentence):
                self.read_run(run, number, sentence)
            self.read_headquarters(number, sentence)
            for match in re.finditer(
                r"\b(?:the )?(city|town|village) of ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", sentence.text
            ):
                start = sentence.start + match.start(2)
                place = self.entity("place", match.group(2), start, start + len(match.group(2)), kind="city")
                if place.kind == "unknown":
                    place.kind = "city"
                self.place_context = place.key

    def read_headline_countries(self, sentence):
        """A title-case headline's capitals say nothing of people, but a country's name there is one
        ("Secretary Blinken's Travel to Brazil and Argentina", "UK Minister ... visits Kenya")."""
        for match in re.finditer(r"[A-Z][\w'’-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]*)*", sentence.text):
            words = match.group().split()
            for size in (3, 2, 1):
                for first in range(len(words) - size + 1):
                    phrase = " ".join(words[first : first + size])
                    country = self.gazetteer.country(phrase) if phrase not in DEMONYMS else None
                    if country is not None:
                        start = sentence.start + match.start() + match.group().find(phrase)
                        self.country_entity(country, start, start + len(phrase))

    def is_header_line(self, sentence):
        """A line of its own with no full stop at its end: a headline, a publisher, a date."""
        own_line = (
            self.text[: sentence.start].rstrip(" \t").endswith("\n")
            or not self.text[: sentence.start].strip()
        )
        following = self.text[sentence.end : sentence.end + 2]
        return (
            own_line
            and not sentence.text.endswith((".", "!", "?", ":"))
            and (not following.strip() or "\n" in following)
        )

    def read_dateline(self, sentence):
        """ "Rome, 6 June 2023 - ...", "Pavlodar, 27.02.2025.": the city the report was written in. A
        place of the report, but not where the visit went (no stop, no context for venues)."""
        if (
            not self.text[: sentence.start].rstrip(" \t").endswith("\n")
            and self.text[: sentence.start].strip()
        ):
            return
        match = _DATELINE.match(sentence.text)
        group = (match.lastindex or 1) if match else 1
        if match and match.group(group).split()[0] not in NOT_NAMES:
            start = sentence.start + match.start(group)
            name = (
                match.group(group).title() if match.group(group).isupper() else match.group(group)
            )  # "SEOUL"
            place = self.entity("place", name, start, start + len(name), kind="city")
            self.datelines.add(start)
            if place.kind == "unknown":
                place.kind = "city"

    def read_headquarters(self, number, sentence):
        """ "at the bank's headquarters": the seat of the organisation just named, as a venue; "the
        headquarters of Korea Aerospace Industries": that organisation's."""
        for match in re.finditer(
            r"\bthe (?:headquarters|head office|offices|campus|premises) of (?:the )?"
            r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)",
            sentence.text,
        ):
            start = sentence.start + match.start(1)
            key = self.by_name.get(("organisation", normalise_name(match.group(1))))
            if key is not None:
                venue = self.entity("place", match.group(1), start, start + len(match.group(1)), kind="venue")
                venue.parent = venue.parent or self.venue_parent_after(
                    sentence.start + match.end(1), sentence
                )
                self.entities[key].seat = self.entities[key].seat or venue.key
        for match in re.finditer(
            r"\bthe (\w+)['’]s (?:headquarters|head office|offices|campus|premises)\b", sentence.text
        ):
            word = match.group(1).lower()
            named = [
                e
                for e in self.entities.values()
                if e.type == "organisation" and e.name.lower().endswith(" " + word)
            ]
            if named:
                start = sentence.start + match.start()
                venue = self.entity(
                    "place", named[-1].name, start, sentence.start + match.end(), kind="venue"
                )
                venue.parent = venue.parent or self.place_context
                named[-1].seat = named[-1].seat or venue.key

    def read_run(self, run, number, sentence):
        words = [word.text for word in run]
        if "for" in words[1:] and _LEFT_FOR.search(self.text[sentence.start : run[0].start]):
            # "left Suva for Wellington": two places, where from and where to.
            at = words.index("for", 1)
            for part in (_trim(run[:at]), _trim(run[at + 1 :])):
                if part:
                    self.read_run(part, number, sentence)
            return
        country = self.gazetteer.country(self.text[run[0].start : run[-1].end]) if len(run) > 2 else None
        if country is not None:
            self.country_entity(country, run[0].start, run[-1].end)  # "the Republic of Korea"
            return
        run = _without_courtesy(run)  # "Sheikh Tahnoun bin Zayed Al Nahyan", "Smt Droupadi Murmu"
        if len(run) > 1 and run[0].text in _GEOGRAPHIC:
            place = self.entity(
                "place", self.text[run[0].start : run[-1].end], run[0].start, run[-1].end, kind="unknown"
            )
            place.kind = place.kind or "unknown"  # "Lake Victoria": a place, not a person
            return
        index = 0
        building = run[-1].text.lower() in VENUE_WORDS | ORGANISATION_WORDS
        while index < len(run) and run[index].text in NOT_NAMES and run[index].text not in ACTING_WORDS:
            if _title_at(run, index)[0]:
                break
            if building and run[index].text not in FUNCTION_WORDS:
                break  # "Government House", "Parliament House"
            index += 1
        run = run[index:]
        if not run or (len(run) == 1 and run[0].text.lower() in VENUE_WORDS | ORGANISATION_WORDS):
            return  # "Complex infrastructure": a word, not a name
        # Several names joined by "and": split where a post or a new name starts after "and".
        for part in self._split_and(run):
            self.read_part(part, number, sentence)

    def _split_and(self, run):
        parts, current = [], []
        for index, word in enumerate(run):
            if word.text == "and" and current and index + 1 < len(run):
                title, _length = _title_at(run, index + 1)
                if title and _title_at(current, 0)[1] == len(current):
                    title = None  # "President and CEO": one post of two
                ends_with_name = _name_like(current[-1].text)
                if "," in self.text[current[0].start : word.start] or (
                    current[-1].text in PORTFOLIOS
                    and any(w.text in PORTFOLIOS for w in run[index + 1 : index + 4])
                ):
                    # "Trade and Industry", "for Investments, Trade and Industry": a portfolio's list.
                    ends_with_name = False
                if run[-1].text.lower() in VENUE_WORDS | ORGANISATION_WORDS and not _title_at(run, 0)[0]:
                    ends_with_name = False  # "Kenya Agricultural and Livestock Research Organization"
                post = next((i for i in range(len(current)) if _title_at(current, i)[0]), None)
                if (
                    post is not None
                    and any(w.text in ("of", "for") for w in current[post:])
                    and not _split_name(current[post + _title_at(current, post)[1] :])
                ):
                    ends_with_name = False  # "(Ghana's) Minister of Tourism and Antiquities Ahmed Issa"
                after = run[index + 1 :]
                if (
                    len(current) >= 3
                    and current[0].text.lower() in VENUE_WORDS | ORGANISATION_WORDS
                    and current[1].text == "of"
                    and not any(w.text.lower() in VENUE_WORDS | ORGANISATION_WORDS for w in after)
                    and len(_split_name(after)) != len(after)
                ):
                    ends_with_name = False  # "Ministry of Ecology and Environment": one body's subjects
                two_places = (
                    current[-1].text.lower() in VENUE_WORDS
                    and run[index + 1].text == "the"
                    and run[-1].text.lower() in VENUE_WORDS
                )  # "the Jam Saheb Memorial and the Monte Cassino Memorial": two places
                if title or run[index + 1].text in ACTING_WORDS or ends_with_name or two_places:
                    parts.append(current)
                    current = []
                    continue
            current.append(word)
        parts.append(current)
        return [part for part in (_trim(part) for part in parts) if part]

    def read_part(self, run, number, sentence):
        run = _without_courtesy(run)  # "... and Shri Jugal Kishore"
        text = self.text
        index, demonym_country, acting = 0, None, False
        last = run[-1].text.lower()
        joint = next((i for i in range(1, len(run)) if run[i].text in CONNECTORS), len(run))
        head = run[joint - 1].text.lower()  # "Institute" of "Mexican Institute of Culture"
        if (
            run[0].text in DEMONYMS
            and len(run) > 1
            and (last in VENUE_WORDS | ORGANISATION_WORDS or head in VENUE_WORDS)
        ):
            # "Australian War Memorial", "Mexican Institute of Culture": the demonym is the name's.
            self.read_plain(run, number, sentence)
            return
        if run[0].text in DEMONYMS and len(run) > 1:
            demonym_country = self.gazetteer.country(DEMONYMS[run[0].text])
            index = 1
        elif (
            len(run) > 2
            and self.text[run[0].end : run[0].end + 2] in ("'s", "’s")
            and _title_at(run, 1)[0]
            and self.gazetteer.country(run[0].text) is not None
        ):
            # "Kenya's Cabinet Secretary ...", "Nigeria's Minister of Foreign Affairs": as a demonym.
            demonym_country, index = self.gazetteer.country(run[0].text), 1
        else:
            for size in (1, 2):
                # "UK Minister for Development X", "New Zealand Prime Minister X": the post's country.
                if len(run) > size + 1 and _title_at(run, size)[0]:
                    country = self.gazetteer.country(text[run[0].start : run[size - 1].end])
                    if country is not None:
                        demonym_country, index = country, size
                        break
        if index < len(run) and run[index].text in ACTING_WORDS:
            acting, index = True, index + 1
        title, length = _title_at(run, index) if index < len(run) else (None, 0)
        portfolio_end = index
        while portfolio_end < len(run) - 1 and run[portfolio_end].text in PORTFOLIOS:
            portfolio_end += 1
        if not title and portfolio_end > index:
            post, post_length = _title_at(run, portfolio_end)
            if post in ("Minister", "Secretary", "Minister of State", "Deputy Minister"):
                # "Health Minister Dr Saia Piukala": the portfolio before the post is the post's.
                title = text[run[index].start : run[portfolio_end + post_length - 1].end]
                length = portfolio_end - index + post_length
        if not title and index + 1 < len(run) and run[index].text in _HOUSES:
            post, post_length = _title_at(run, index + 1)
            if post and post.endswith("Leader"):
                # "Assembly Republican Leader X": the house is the post's.
                title = text[run[index].start : run[index + post_length].end]
                length = post_length + 1
        if title and index + length < len(run) and run[index + length].text in GULF_PARTICLES - {"Al", "El"}:
            title, length = None, 0  # "Sultan bin Ahmed Al Jaber": a given name, not a post
        if title and index + length < len(run):
            after_title = text[run[index + length - 1].end : run[index + length - 1].end + 2]
            if after_title in ("'s", "’s") and run[index + length].text.lower() in VENUE_WORDS:
                # "the Prime Minister's Office": a building, not a post
                self.read_plain(run[index:], number, sentence)
                return
        if title:
            self.read_titled(run, index, title, length, acting, demonym_country, number, sentence)
            return
        if demonym_country is not None:
            run = run[1:]
            if not run:
                return
        if acting:
            return
        self.read_plain(run, number, sentence)

    def read_titled(self, run, index, title, length, acting, demonym_country, number, sentence):
        text = self.text
        rest = run[index + length :]
        if len(rest) > 1 and rest[0].text == "and" and _title_at(rest, 1)[0]:
            # "President and CEO Kang Goo-young": one post of two.
            second, second_length = _title_at(rest, 1)
            title, length = f"{title} and {second}", length + 1 + second_length
            rest = rest[1 + second_length :]
        rest = rest[_courtesy_words(rest) :]  # "President His Highness Sheikh Mohamed bin Zayed Al Nahyan"
        if (
            len(rest) > 2
            and rest[0].text in GULF_HONORIFICS
            and any(w.text in GULF_PARTICLES for w in rest[2:])
        ):
            rest = rest[1:]
        of_words = []
        after_country = None
        post_end = run[index + length - 1].end
        continued = (
            bool(rest) and text[post_end : rest[0].start].strip() == "," and title.split()[-1] in PORTFOLIOS
        )
        listed = _listed_portfolio(text, rest, continued)
        if listed:
            # "Minister of Trade, Industry and Competition Parks Tau": the list ends at the word after "and".
            portfolio, name = listed
            title = (
                f"{title}{text[post_end : portfolio[-1].end]}"
                if continued
                else (f"{title} {text[rest[0].start : portfolio[-1].end]}")
            )
            length += len(portfolio) + (0 if continued else 1)
        elif rest and rest[0].text == "of":
            of_words, name = self.split_of(rest[1:])
        elif rest and rest[0].text == "for" and len(rest) > 2:
            # "Minister for Foreign Trade and Development Ville Tavio": the portfolio is the post's.
            name = []
            for word in reversed(rest[1:]):
                if not _name_like(word.text) or word.text in PORTFOLIOS or len(name) == 3:
                    break
                name.insert(0, word)
            portfolio = rest[1 : len(rest) - len(name)]
            while portfolio and _courtesy_words(portfolio[-1:]):
                portfolio = portfolio[:-1]  # "Minister for Health Ratu Dr Pita Naulu"
            if portfolio and portfolio[-1].text in CONNECTORS:
                # "Minister for Health and Medical Services, X": the words after "and" are the
                # portfolio's (the name follows the comma), not a name.
                portfolio, name = rest[1:], []
            # A name after the portfolio, or a portfolio alone ("the Minister for Health, X,").
            alone = not name and all(_is_cap(w.text) or w.text in CONNECTORS for w in portfolio)
            if portfolio and (len(name) >= 2 or alone):
                title = f"{title} {text[rest[0].start : portfolio[-1].end]}"
                length += len(portfolio) + 1
            else:
                name = []
        else:
            # (a Gulf name is long: "Mohammed bin Salman bin Abdulaziz Al Saud")
            name = _split_name(rest) if len([w for w in rest if w.text not in GULF_PARTICLES]) <= 5 else []
            words = [word.text for word in rest]
            if not name and "of" in words[2:5]:
                # "Prime Minister Fumio Kishida of Japan": the name, then the post's country.
                at = words.index("of", 2)
                named, whose = rest[:at], _trim(rest[at + 1 :])
                found = self.gazetteer.country(text[whose[0].start : whose[-1].end]) if whose else None
                if found is not None and _split_name(named) == named:
                    name, demonym_country = named, found
                    after_country = (whose[0].start, whose[-1].end)
            if not name and len(rest) == 1 and _name_like(rest[0].text):
                known, _score = self.gazetteer.find(rest[0].text, types=("person",))
                if known or self.person_by_surname(rest[0].text):
                    name = rest
        stated_start = run[0].start
        title_end = of_words[-1].end if of_words else run[index + length - 1].end
        of_phrase = text[of_words[0].start : of_words[-1].end] if of_words else ""
        if (
            of_phrase
            and len(of_words) <= 5
            and (
                of_words[-1].text in PORTFOLIOS
                or (
                    any(w.text in PORTFOLIOS for w in of_words)
                    and not any(w.text.lower() in ORGANISATION_WORDS | VENUE_WORDS for w in of_words)
                )
            )
            and self.gazetteer.country(of_phrase) is None
        ):
            # "Secretary of Foreign Affairs", "Minister of Defence": the portfolio is part of the post.
            title, of_words, of_phrase = f"{title} of {of_phrase}", [], ""
            title_end = run[index + length - 1].end if not name else name[0].start - 1
            title_end = len(text[:title_end].rstrip())
        country = demonym_country
        if of_phrase:
            found = self.gazetteer.country(of_phrase)
            if found is not None:
                country = found
        country_entity = None
        if country is not None:
            country_start = of_words[0].start if of_phrase else run[0].start
            country_end = of_words[-1].end if of_phrase else run[0].end
            if after_country:
                country_start, country_end = after_country
            country_entity = self.country_entity(country, country_start, country_end)
        info = {
            "title": title,
            "acting": acting,
            "title_as_stated": text[run[index].start if not acting else run[index - 1].start : title_end],
            "stated_start": stated_start,
            "title_end": title_end,
            "country": country_entity.key if country_entity else None,
            "of_phrase": of_phrase,
            "of_is_country": country is not None and bool(of_phrase),
        }
        if not name:
            self.title_mentions.append((stated_start, title_end, info, number))
            if (
                of_phrase
                and country is None
                and of_words[-1].text.lower() in ORGANISATION_WORDS | VENUE_WORDS
            ):
                self.organisation_named(of_phrase, of_words[0].start, of_words[-1].end)
            return
        before = text[: run[0].start].rstrip()
        if title in ("Ambassador", "Senator") and before.endswith(",") and self.title_mentions:
            stated_start, title_end, post, post_number = self.title_mentions[-1]
            if post_number == number and title_end == len(before) - 1:
                # "Minister of Foreign Affairs, Ambassador X": the post, then a courtesy kept from
                # an earlier one; X holds the post.
                self.title_mentions.pop()
                info = post
        name_text = text[name[0].start : name[-1].end]
        person = self.entity("person", name_text, name[0].start, name[-1].end)
        if run[index].text != title.split()[0]:
            self.plural_post = (name[-1].end, info, number)  # the next name after "and" holds it too
        self.apply_title(person, info, number)
        self.mentions.append((name[0].start, name[-1].end, person.key, number, info))

    def split_of(self, words):
        """ "of the Russian Federation Mikhail Mishustin": (the body's words, the name's words).
        The body is the shortest start that is a country, a known place or organisation, or ends
        with a word of a body or place; else the name is the last two words."""
        for size in range(1, len(words) - 1):
            head, tail = words[:size], words[size:]
            if head[-1].text in CONNECTORS or tail[0].text in CONNECTORS:
                continue
            tail = tail[_courtesy_words(tail) :]  # "of Culture Prince Badr bin Abdullah bin Farhan"
            if len(tail) > 2 and tail[0].text in GULF_HONORIFICS:
                tail = tail[1:]
            if not tail:
                continue
            phrase = self.text[head[0].start : head[-1].end]
            last = head[-1].text.lower()
            known = (
                self.gazetteer.country(phrase) is not None
                or (head[-1].text in PORTFOLIOS and len(tail) > 2 and tail[1].text in GULF_PARTICLES)
                or last in ORGANISATION_WORDS | VENUE_WORDS | REGION_WORDS | CITY_WORDS
                or self.by_name.get(("place", normalise_name(_strip_the(phrase))))
                or self.gazetteer.find(_strip_the(phrase), types=("place", "organisation"))[0] is not None
            )
            name = _split_name(tail)
            if (
                not name
                and 2 <= len(tail) <= 3
                and tail[0].text in FUNCTION_WORDS
                and all(_name_like(word.text) for word in tail[1:])
            ):
                # "President of Vietnam To Lam": a capital "To" inside a sentence starts a name.
                name = tail
            if known and name and len(name) == len(tail):
                return head, name
        name = _split_name(words[-2:]) if len(words) > 2 else []
        if any(word.text in PORTFOLIOS for word in name):
            name = []  # "Minister of Industry and Advanced Technology": a portfolio, no one named
        return (words[:-2], name) if name else (words, [])

    def person_by_initials(self, acronym):
        for entity in self.entities.values():
            initials = "".join(word[0] for word in re.split(r"[\s-]+", entity.title) if _is_cap(word))
            if entity.type == "person" and len(initials) >= 2 and initials == acronym:
                return entity
        return None

    def person_by_surname(self, surname):
        people = [entity for entity in self.entities.values() if entity.type == "person"]
        for entity in people:
            if entity.name.split()[-1] == surname:
                return entity
        for entity in people:
            # "Li" for Li Qiang, "Yoon" for Yoon Suk Yeol: the family name written first.
            if len(entity.name.split()) in (2, 3) and entity.name.split()[0] == surname:
                return entity
        return None

    def apply_title(self, person, info, number):
        if person.title and person.title_quote:
            return
        person.title = info["title"]
        person.acting = info["acting"]
        person.title_as_stated = info["title_as_stated"]
        person.title_quote = _quote(self.text, info["stated_start"], person.mentions[-1][1])
        person.organisation = self.post_organisation(info, number)

    def post_organisation(self, info, number):
        """The organisation a post belongs to: a country's government, a city's administration, or
        the body the text names after "of"."""
        head = info["title"].lower()
        start, end = info["stated_start"], info["title_end"]
        if head in GOVERNMENT_TITLES and info["country"]:
            country = self.entities[info["country"]]
            stated = info["of_phrase"] if info["of_is_country"] else country.name
            known = self.gazetteer.government_of(country.match["id"]) if country.match else None
            name = known.name if known else f"Government of {stated}"
            org = self.entity("organisation", name, start, end, kind="government", known=known, score=100.0)
            org.country = country.key
            return org.key
        if head in CITY_TITLES | REGION_TITLES or (
            head == "premier" and info["of_phrase"] and not info["of_is_country"]
        ):
            # "Premier of New South Wales": a state's premier, as a governor is a region's.
            head = head if head != "premier" else "governor"
            place_key = None
            if info["of_phrase"] and not info["of_is_country"]:
                place = self.entity(
                    "place",
                    info["of_phrase"].removeprefix("the "),
                    start,
                    end,
                    kind="city" if head in CITY_TITLES else "region",
                )
                place_key = place.key
            place_key = place_key or self.place_context
            if place_key is None:
                return None
            self.in_posts.add(start)  # "Western Australia Premier": the place of a post, not a place visited
            place = self.entities[place_key]
            name = (
                f"{place.name} city administration" if head in CITY_TITLES else f"Government of {place.name}"
            )
            org = self.entity(
                "organisation", name, start, end, kind="municipality" if head in CITY_TITLES else "government"
            )
            org.seat = place.key
            return org.key
        if info["of_phrase"] and not info["of_is_country"]:
            return self.organisation_named(info["of_phrase"], start, end).key
        return None

    def organisation_named(self, phrase, start, end):
        """An organisation the text names, "the Technopark" being the one of the place in context."""
        words = phrase.removeprefix("the ").removeprefix("The ").split()
        name = " ".join(words)
        if len(words) == 1 and words[0].lower() in ORGANISATION_WORDS | VENUE_WORDS:
            # "the park": the park named before; else "the Technopark" of the city in context.
            named = [
                e
                for e in self.entities.values()
                if e.type in ("place", "organisation") and e.name.lower().endswith(" " + words[0].lower())
            ]
            if named:
                name = named[-1].name
            elif self.place_context:
                name = f"{self.entities[self.place_context].name} {words[0]}"
        kind = _organisation_kind(name)
        org = self.entity("organisation", name, start, end, kind=kind)
        if kind in ("technopark", "university") and org.seat is None:
            venue = self.entity("place", name, start, end, kind="venue")
            venue.parent = venue.parent or self.place_context
            org.seat = venue.key
        return org

    def read_plain(self, run, number, sentence):
        text = self.text
        start, end = run[0].start, run[-1].end
        phrase = text[start:end]
        before = text[max(sentence.start, start - 20) : start].lower().split()
        before_word = before[-1] if before else ""
        # The word before an article: "at the Narva City Government".
        preposition = before[-2] if before_word == "the" and len(before) > 1 else before_word
        following = text[end : min(sentence.end, end + 30)].lower().split()
        words = [word.text.lower() for word in run]
        if normalise_name(phrase) in _WORLD_REGIONS:
            return  # "his visit to Africa": no place of the visit
        if len(words) > 2 and words[-1].isdigit() and words[-2] == "no":
            words = words[:-2]  # "School No. 26" is a school
        # A name already read in this report, of any kind.
        for type_ in ("place", "organisation", "person"):
            key = self.by_name.get((type_, normalise_name(_strip_the(phrase))))
            if key:
                entity = self.entity(type_, _strip_the(phrase), start, end)
                if type_ == "person":
                    self.mentions.append((start, end, key, number, None))
                self.after_entity(entity, number, sentence)
                return
        # A name the register knows, of any kind.
        country = self.gazetteer.country(phrase)
        if country is not None:
            self.country_entity(country, start, end)
            return
        known, score = self.gazetteer.find(_strip_the(phrase))
        if known is not None:
            entity = self.entity(known.type, _strip_the(phrase), start, end, known=known, score=score)
            if known.type == "person":
                # The register knows the person; the report still states the post.
                info = (
                    self.apposition(end, number)
                    or self.title_before(start, end, number)
                    or self.listed_post(start, end, number)
                )
                if info:
                    self.apply_title(entity, info, number)
                self.mentions.append((start, end, entity.key, number, info))
            if known.type == "place" and entity.parent is None and entity.kind != "country":
                # Where the register puts it, if that place is named here; else as for a new venue.
                parent = self.matched("place", known.parent_id)
                entity.parent = (
                    parent.key
                    if parent
                    else (self.venue_parent(run, sentence) if entity.kind == "venue" else None)
                )
            self.after_entity(entity, number, sentence)
            return
        last = words[-1] if words else ""
        if before_word in ("a", "an"):
            return  # "a Special Economic Zone": a kind of thing, not a name
        if text[max(0, start - 2) : start] == " (" and text[end : end + 1] == ")" and not _is_acronym(phrase):
            named = [
                e
                for e in self.entities.values()
                if e.type != "person" and any(m[1] == start - 2 for m in e.mentions)
            ]
            if named:
                # "the National Monument (Tugu Negara)": its other name, no one's.
                named[0].mentions.append([start, end])
                self.by_name.setdefault((named[0].type, normalise_name(phrase)), named[0].key)
                return
        if _is_acronym(phrase) and text[max(0, start - 2) : start] == " (":
            named = [
                e
                for e in self.entities.values()
                if e.type != "person" and any(m[1] == start - 2 for m in e.mentions)
            ]
            if named:
                # "Korea Aerospace Industries (KAI)": KAI is its abbreviation from here on.
                named[0].abbreviation = named[0].abbreviation or phrase
                self.by_name.setdefault((named[0].type, normalise_name(phrase)), named[0].key)
                named[0].mentions.append([start, end])
                return
        if _is_acronym(phrase):
            holder = self.person_by_initials(phrase)
            if holder is not None:
                # "EAM" for the External Affairs Minister named before.
                self.mentions.append((start, end, holder.key, number, None))
                holder.mentions.append([start, end])
                return
            org = self.entity("organisation", phrase, start, end, kind="other")
            org.abbreviation = phrase
            return
        # "Palace of the Nation", "Great Hall of the People", "Ministry of Foreign Affairs":
        # the word before "of" says what it is.
        if "of" in words[1:]:
            # "Consulate General of India": the last such word before "of".
            head = [
                word for word in words[: words.index("of", 1)] if word in VENUE_WORDS | ORGANISATION_WORDS
            ]
            if head:
                last = head[-1]
        if len(words) > 1 and words[0] in _FOREIGN_VENUE_HEADS:
            last = "venue"  # "Hôtel des Invalides", "Palacio de la Moneda", "Schloss Bellevue"
        name = _split_name(run)
        if name and len(name) < len(run):
            # "Clark Development Corporation President Agnes Devanadera": a body, its post, a person.
            for index in range(1, len(run) - len(name)):
                title, length = _title_at(run, index)
                if title and index + length == len(run) - len(name):
                    body_end = run[index - 1].end
                    body_text = text[run[0].start : body_end]
                    if title.lower() in CITY_TITLES | REGION_TITLES | {"premier"} and words[
                        index - 1
                    ] not in (ORGANISATION_WORDS | VENUE_WORDS):
                        # "South Australia Premier Peter Malinauskas": the post of a place.
                        info = {
                            "title": title,
                            "acting": False,
                            "title_as_stated": text[run[0].start : run[index + length - 1].end],
                            "stated_start": run[0].start,
                            "title_end": run[index + length - 1].end,
                            "country": None,
                            "of_phrase": body_text,
                            "of_is_country": False,
                        }
                        person = self.entity(
                            "person", text[name[0].start : name[-1].end], name[0].start, name[-1].end
                        )
                        self.apply_title(person, info, number)
                        self.mentions.append((name[0].start, name[-1].end, person.key, number, info))
                        return
                    body = self.organisation_named(body_text, run[0].start, body_end)
                    person = self.read_person(name, number)
                    if not person.title:
                        person.title = title
                        person.title_as_stated = text[run[index].start : run[index + length - 1].end]
                        person.title_quote = _quote(text, run[0].start, name[-1].end)
                        person.organisation = body.key
                    return
        if (
            name
            and len(name) < len(run)
            and run[len(run) - len(name) - 1].text.lower() in VENUE_WORDS | ORGANISATION_WORDS
        ):
            # "the Narva Museum Maria Smirnova": a body, then a person.
            self.read_plain(run[: len(run) - len(name)], number, sentence)
            self.read_person(name, number)
            return
        if last in CITY_WORDS | REGION_WORDS and len(run) > 1:
            kind = "city" if last in CITY_WORDS else "region"
            place = self.entity("place", _strip_the(phrase), start, end, kind=kind)
            self.after_entity(place, number, sentence)
            return
        if (
            last not in VENUE_WORDS | ORGANISATION_WORDS
            and following
            and (
                following[0] in VENUE_WORDS
                or (len(following) > 1 and following[1].strip(",.") in VENUE_WORDS)
            )
            and (before_word in ("the", "at") or run[0].text == "The")
        ):
            # "the Fairbairn air base", "The Silk Road Samarkand tourist complex"
            last = "venue"
            named = [
                e
                for e in self.entities.values()
                if e.type == "place"
                and e.kind == "venue"
                and e.name.lower().startswith(phrase.lower() + " ")
                and e.name.lower().endswith(" " + following[0].strip(",."))
            ]
            if named:
                # "the Husab mine" after "the Husab Uranium Mine": the venue named before.
                self.entity("place", named[-1].name, start, end)
                self.after_entity(named[-1], number, sentence)
                return
        if last in VENUE_WORDS or last == "venue" or last in ORGANISATION_WORDS:
            is_org = last in ORGANISATION_WORDS and last not in VENUE_WORDS
            if last in BOTH_WORDS and re.search(r"\bbetween\b[^.;]*$", text[sentence.start : start]):
                is_org = True  # "an MoU between ... and the University of X": a party, not a place
            if (
                last in ORGANISATION_WORDS
                and sentence.text == phrase
                and "\n" in text[sentence.end : sentence.end + 2]
            ):
                is_org, preposition = True, ""  # a line of its own, "Office of the President": the publisher
            if (
                not is_org
                or preposition in ("at", "in", "inside", "visited", "toured", "inspected")
                # "addressed the Parliament of Fiji": where the house sits (not "the Business Forum").
                or (preposition == "addressed" and last in ("parliament", "assembly", "senate", "congress"))
                and last != "council"
            ):
                venue = self.entity("place", _strip_the(phrase), start, end, kind="venue")
                if venue.kind == "venue" and venue.parent is None:
                    venue.parent = self.venue_parent(run, sentence)
                self.after_entity(venue, number, sentence)
                if last in BOTH_WORDS or is_org:
                    org = self.entity(
                        "organisation", _strip_the(phrase), start, end, kind=_organisation_kind(phrase)
                    )
                    org.seat = venue.key
                return
            org = self.entity("organisation", _strip_the(phrase), start, end, kind=_organisation_kind(phrase))
            for word in run:
                if _is_acronym(word.text) and word.text not in ("IT",):
                    acronym = self.entity(
                        "organisation", word.text, word.start, word.end, kind=_organisation_kind(phrase)
                    )
                    acronym.abbreviation = word.text
                    if acronym.key != org.key and org.parent is None and last == "council":
                        org.parent = acronym.key
            return
        the_before = before_word == "the" or run[0].text == "The"
        listed = _PLACE_LIST.search(text[sentence.start : start]) and re.match(
            r"\s*(?:,|and\b|from\b|on\b|\.|$)", text[end : sentence.end]
        )
        if (
            listed
            and sum(map(_is_cap, (w.text for w in run))) <= 3
            and not any(w.text in TITLE_WORDS for w in run)
        ):
            # "traveled to Brasília, Rio de Janeiro, and Buenos Aires": a list of places.
            place = self.entity("place", phrase, start, end, kind="city")
            if place.kind == "unknown":
                place.kind = "city"
            self.after_entity(place, number, sentence)
            return
        if (
            len(run) == 1
            and before_word == "the"
            and preposition in ("at", "visited", "toured")
            and _name_like(run[0].text)
            and run[0].text not in _NOT_A_NAME_END
            and not self.person_by_surname(run[0].text)
        ):
            # "welcomed at the Istana", "visited the Kremlin": one word after "at the" is a building.
            venue = self.entity("place", phrase, start, end, kind="venue")
            if venue.kind == "venue" and venue.parent is None:
                venue.parent = self.venue_parent(run, sentence)
            self.after_entity(venue, number, sentence)
            return
        if name and re.search(
            r"\b(?:memorial|monument|mausoleum|tribute|homage|dedicated)\s+to\s+(?:the\s+)?$",
            text[sentence.start : start],
        ):
            # "Raj Ghat, the memorial to Mahatma Gandhi": a person, no participant of the visit.
            self.commemorated.add(self.read_person(name, number).mentions[-1][0])
            return
        if before_word == "the" and preposition in _PLACE_VERBS and name and len(name) == len(run):
            # "visited the Konza Technopolis", "at the Kramář's Villa": a place, not a person.
            venue = self.entity("place", phrase, start, end, kind="venue")
            if venue.kind == "venue" and venue.parent is None:
                venue.parent = self.venue_parent(run, sentence)
            self.after_entity(venue, number, sentence)
            return
        if (
            name
            and len(name) == len(run)
            and not the_before
            and before_word not in ("in", "to", "at", "near", "from", "city")
        ):
            if run[-1].text in _NOT_A_NAME_END:
                return  # "the Commonwealth Games", "China-Africa Cooperation": not a person
            if before_word == "by" and self.is_header_line(sentence):
                return  # "Posted On: 07 AUG 2024 by PIB Delhi": the publisher, no one of the visit
            self.read_person(name, number)
            return
        if len(run) == 1 and _name_like(run[0].text):
            person = self.person_by_surname(run[0].text)
            if person is not None:
                self.mentions.append((start, end, person.key, number, None))
                person.mentions.append([start, end])
                return
        if (
            before_word in ("in", "to", "at", "near", "from", "visited", "city", "outside", "of")
            or (before_word == "for" and _LEFT_FOR.search(text[sentence.start : start - 4]))
        ) and len(run) <= 3:
            if before_word == "of" and " ".join(before[-3:-1]) not in (
                "the city",
                "the town",
                "the village",
                "the region",
                "the capital",
            ):
                return
            kind = "city" if (before_word == "city" or len(run) == 1) else "unknown"
            if following and following[0].strip(",.") in REGION_WORDS:
                kind = "region"
            place = self.entity("place", phrase, start, end, kind=kind)
            self.after_entity(place, number, sentence)

    def read_person(self, name, number):
        start, end = name[0].start, name[-1].end
        person = self.entity("person", self.text[start:end], start, end)
        info = (
            self.apposition(end, number)
            or self.title_before(start, end, number)
            or self.listed_post(start, end, number)
        )
        if info:
            self.apply_title(person, info, number)
        self.mentions.append((start, end, person.key, number, info))
        return person

    def listed_post(self, start, end, number):
        """ "Members of Parliament Shri Saumitra Khan and Shri Jugal Kishore": the plural post of the
        name before is this one's too."""
        if not self.plural_post or self.plural_post[2] != number:
            return None
        between = self.text[self.plural_post[0] : start]
        courtesy = _COURTESY_BEFORE.search(between)
        if not re.fullmatch(r"\s*(?:,\s*and|,|and)\s*", between[: courtesy.start()] if courtesy else between):
            return None
        info = self.plural_post[1]
        self.plural_post = (end, info, number)
        return info

    def title_before(self, start, end, number):
        """A post written just before a name, in any case: "the director of the Narva Museum Maria
        Smirnova", "The Governor of the Samarkand region Erkinjon Turdimov"."""
        sentence = self.sentences[number]
        window_start = max(sentence.start, start - 90)
        # "the President of Fiji, Ratu Josefa Tuisawau": the post stands before the courtesy.
        courtesy = _COURTESY_BEFORE.search(self.text, window_start, start)
        start = courtesy.start() if courtesy else start
        match = _TITLE_BEFORE.search(self.text, window_start, start)
        if not match:
            return None
        title = next((t for t in TITLES if t.lower() == match.group("title").lower()), match.group("title"))
        if match.group("for"):
            title = f"{title} for {match.group('for').strip()}"  # a portfolio: "Minister for Health"
        of_phrase = (match.group("of") or "").strip()
        country = self.gazetteer.country(of_phrase) if of_phrase else None
        country_entity = None
        if country is not None:
            of_start = match.start("of")
            country_entity = self.country_entity(country, of_start, of_start + len(of_phrase))
        title_end = (
            match.end("of")
            if match.group("of")
            else match.end("for")
            if match.group("for")
            else match.end("title")
        )
        acting = self.text[max(0, match.start("title") - 7) : match.start("title")].strip().lower() in (
            "acting",
            "interim",
        )
        return {
            "title": title,
            "acting": acting,
            "title_as_stated": self.text[match.start("title") : title_end],
            "stated_start": match.start("title"),
            "title_end": title_end,
            "country": country_entity.key if country_entity else None,
            "of_phrase": of_phrase,
            "of_is_country": country is not None,
        }

    def after_entity(self, entity, number, sentence):
        if entity.type == "place" and entity.kind in ("city", "unknown"):
            self.place_context = entity.key
            # "Innopolis in Kazan": the place lies in the next one.
            following = self.text[entity.mentions[-1][1] : sentence.end]
            inside = re.match(r"\s+in\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)", following)
            # "Addis Ababa, Ethiopia": a city, then its country.
            country_after = re.match(r",\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\b", following)
            if country_after and entity.parent is None:
                country = self.gazetteer.country(country_after.group(1))
                if country is not None:
                    start = entity.mentions[-1][1] + country_after.start(1)
                    entity.parent = self.country_entity(
                        country, start, start + len(country_after.group(1))
                    ).key
            if inside and entity.parent is None:
                country = self.gazetteer.country(inside.group(1))
                start = entity.mentions[-1][1] + inside.start(1)
                if country is not None:
                    entity.parent = self.country_entity(country, start, start + len(inside.group(1))).key
                else:
                    parent = self.entity(
                        "place", inside.group(1), start, start + len(inside.group(1)), kind="city"
                    )
                    if parent.key != entity.key:
                        entity.parent = parent.key
        if entity.type == "place" and entity.kind == "venue" and entity.parent is None:
            entity.parent = self.place_context

    def venue_parent_after(self, end, sentence):
        inside = re.search(r"\bin\s+([A-Z][\w'’-]+)", self.text[end : sentence.end])
        key = self.by_name.get(("place", normalise_name(inside.group(1)))) if inside else None
        return key or self.place_context

    def venue_parent(self, run, sentence):
        """The city a venue lies in: one whose name starts the venue's ("Kazan Expo"), else one
        named "in" it in the same sentence, else the city in context."""
        for size in range(len(run) - 1, 0, -1):
            prefix = self.text[run[0].start : run[size - 1].end]
            if run[0].text in ("the", "The"):
                continue
            known, _score = self.gazetteer.find(prefix, types=("place",))
            key = self.by_name.get(("place", normalise_name(prefix)))
            if key and self.entities[key].kind in ("city", "unknown", "region"):
                return key
            if known is not None and known.kind in ("city", "region", "unknown"):
                return self.entity(
                    "place", prefix, run[0].start, run[size - 1].end, known=known, score=100
                ).key
        inside = re.search(r"\bin\s+([A-Z][\w'’-]+)", self.text[run[-1].end : sentence.end])
        if inside:
            key = self.by_name.get(("place", normalise_name(inside.group(1))))
            if key:
                return key
        return self.place_context

    def apposition(self, end, number):
        """A post given after a name: "Renat Khalimov, Director General of the Technopark,"."""
        match = re.match(
            r"(?:\.?,\s+|\s+as\s+)(?:the\s+)?((?:Acting\s+|Interim\s+)?)("
            + "|".join(re.escape(t) for t in TITLES)
            + r")"
            r"(?:\s+of\s+((?:the\s+)?[A-Z][^,;.()]*?))?(?=[,;.()]|\s+(?:and|who|said|noted)\b)",
            self.text[end : end + 160],
        )
        if not match:
            return None
        of_phrase = (match.group(3) or "").strip()
        title, title_end = match.group(2), end + match.end()
        of_offset = match.start(3) if of_phrase else 0
        portfolio, _of, body = of_phrase.partition(" of ")
        if body and portfolio.split()[-1] in PORTFOLIOS:
            # "Secretary of Foreign Affairs of the Republic of the Philippines": a portfolio, then whose.
            title, of_phrase, of_offset = f"{title} of {portfolio}", body, of_offset + len(portfolio) + 4
        elif of_phrase and of_phrase.split()[-1] in PORTFOLIOS:
            # "Minister of Industry and Advanced Technology": the portfolio is the post's.
            more = re.match(
                r"\s+and\s+((?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+)", self.text[title_end : title_end + 80]
            )
            if more and more.group(1).split()[-1] in PORTFOLIOS:
                of_phrase, title_end = f"{of_phrase} and {more.group(1)}", title_end + more.end()
            title, of_phrase = f"{title} of {of_phrase}", ""
        country = self.gazetteer.country(of_phrase) if of_phrase else None
        country_entity = None
        if country is not None:
            of_start = end + of_offset
            country_entity = self.country_entity(country, of_start, of_start + len(of_phrase))
        return {
            "title": title,
            "acting": bool(match.group(1)),
            "title_as_stated": self.text[
                end + match.start(1) if match.group(1) else end + match.start(2) : title_end
            ],
            "stated_start": end + match.start(1) if match.group(1) else end + match.start(2),
            "title_end": title_end,
            "country": country_entity.key if country_entity else None,
            "of_phrase": of_phrase,
            "of_is_country": country is not None,
        }

    # people by post alone: "The Acting Prime Minister noted"

    def resolve_titles(self):
        people = [entity for entity in self.entities.values() if entity.type == "person"]
        for start, end, info, number in self.title_mentions:
            candidates = [p for p in people if p.title.lower() == info["title"].lower()]
            untitled = self.principal and not self.entities[self.principal].title
            if info["country"]:
                same = [p for p in candidates if self._person_country(p) in (info["country"], None)]
                # "the Prime Minister of Poland, Donald Tusk": the one whose post is Poland's, if any.
                same = [p for p in same if self._person_country(p) == info["country"]] or same
                # Another country's president is not this one: the visitor's post, if he has none yet.
                candidates = same or ([] if untitled else candidates)
            if not candidates and untitled:
                # "Vladimir Putin arrived ... the President of Russia was met by": the visitor's post.
                self.apply_title(self.entities[self.principal], info, number)
                candidates = [self.entities[self.principal]]
            if not candidates:
                continue
            person = min(candidates, key=lambda p: (0 if p.key == self.principal else 1, p.mentions[0][0]))
            self.mentions.append((start, end, person.key, number, info))
            if info["country"] and person.organisation is None:
                person.organisation = self.post_organisation(info, number)
            elif info["country"] and info["of_is_country"] and person.organisation:
                org = self.entities[person.organisation]
                if org.country == info["country"] and org.name != f"Government of {info['of_phrase']}":
                    # The report's full name of the government ("of the Republic of Armenia").
                    self.by_name.pop(("organisation", normalise_name(org.name)), None)
                    if not org.match:
                        org.name = f"Government of {info['of_phrase']}"
                    self.by_name[("organisation", normalise_name(org.name))] = org.key

    def _person_country(self, person):
        if person.organisation:
            return self.entities[person.organisation].country
        return None

    # the visit

    def read_visit(self):
        people = [entity for entity in self.entities.values() if entity.type == "person"]
        visit = VisitProposal()
        self.principal = None
        if people:
            counts = {p.key: 0 for p in people}
            firsts = {p.key: p.mentions[0][0] for p in people}
            # A post named alone that only one person holds is that person ("the Lord Mayor was
            # welcomed ..."); the other posts are resolved once the principal is known.
            by_post = [
                (start, end, holders[0].key, number, info)
                for start, end, info, number in self.title_mentions
                for holders in [[p for p in people if p.title.lower() == info["title"].lower()]]
                if len(holders) == 1
            ]
            for _start, _end, key, _number, _info in self.mentions + by_post:
                counts[key] = counts.get(key, 0) + 1
            # The principal is named first among those who visit; ties go to the one named most.
            subjects = [
                key
                for start, end, key, number, info in sorted(self.mentions + by_post)
                if _VISIT_VERB.search(self.text[end : self.sentences[number].end][:80])
                # "President X welcomed the Prime Minister": the host, not the visitor.
                and not re.match(
                    r"(?:,?\s+(?:Jr|Sr)\.?)?\s*(?:,[^,]*,\s*)?(?:welcomed|greeted|received|hosted)\b",
                    self.text[end : end + 80],
                )
                # (the one welcomed is)
                or re.search(
                    r"\b(?:welcomed|greeted|received|hosted)\s+(?:the\s+)?$",
                    self.text[self.sentences[number].start : (info or {}).get("stated_start", start)],
                )
                # "accompanied by the Mayor X, visited": who is with the visitor is not the visitor.
                and not re.search(
                    r"\b(?:by|with)\b[^,;.]*$",
                    self.text[self.sentences[number].start : (info or {}).get("stated_start", start)][-60:],
                )
            ]
            # A report from the host's side: "held talks with visiting Brazilian President Lula".
            visiting = [
                key
                for start, end, key, number, info in sorted(self.mentions)
                if re.search(
                    r"\bvisiting\s+(?:[A-Z][\w'’-]*\s+){0,4}$",
                    self.text[self.sentences[number].start : (info or {}).get("stated_start", start)],
                )
            ]
            subjects = visiting[:1] + subjects
            self.principal = subjects[0] if subjects else max(counts, key=lambda k: (counts[k], -firsts[k]))
            visit.principal = self.principal
        opening = self.sentences[0] if self.sentences else Span(0, 0, "")
        for sentence in self.sentences[:3]:
            if _VISIT_VERB.search(sentence.text):
                opening = sentence
                break
        visit.quote = _quote(self.text, opening.start, opening.end)
        for pattern, code in VISIT_KINDS:
            match = re.search(rf"\b(?:{pattern})\b", self.text, re.IGNORECASE)
            if match:
                visit.kind = code
                visit.kind_quote = _quote(self.text, match.start(), match.end())
                break
        if self.principal:
            visit.principal_country = self._person_country(self.entities[self.principal])
        visit.host_country, visit.host_quote = self.host_country(visit.principal_country)
        return visit

    def host_country(self, principal_country):
        for match in re.finditer(
            r"\b(?:visit|trip|tour|arrived|arrives)\s+(?:to|in)\s+(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})",
            self.text,
        ):
            country = self.gazetteer.country(match.group(1))
            if country is not None:
                entity = self.country_entity(country, match.start(1), match.end(1))
                if entity.key != principal_country:
                    return entity.key, _quote(self.text, match.start(), match.end())
        countries = [e for e in self.entities.values() if e.type == "place" and e.kind == "country"]
        for place in self.entities.values():
            if place.type == "place" and place.kind != "country":
                top = self._country_of_place(place)
                if top and top != principal_country:
                    return top, None
        for country in countries:
            if country.key != principal_country:
                return country.key, country.quote
        return None, None

    def _country_of_place(self, place):
        seen = set()
        while place is not None and place.key not in seen:
            seen.add(place.key)
            if place.kind == "country":
                return place.key
            if place.parent is None and place.match:
                known = self.gazetteer.find(place.name, types=("place",))[0]
                if known and known.country_id:
                    for entity in self.entities.values():
                        if entity.match and entity.type == "place" and entity.match["id"] == known.country_id:
                            return entity.key
                    country = next(
                        (k for k in self.gazetteer.countries.values() if k.id == known.country_id), None
                    )
                    if country:
                        return self.country_entity(country, *place.mentions[0]).key
            place = self.entities.get(place.parent) if place.parent else None
        return None

    # stops

    def clauses(self, sentence):
        """A sentence that tells two stops, "greeted at the airport by X before heading to State House,
        where he held talks with Y", as two clauses, the second from "heading to"."""
        split = _NEXT_STOP.search(sentence.text)
        if not split:
            split = _NEXT_VENUE.search(sentence.text)
            if split and not _AT_A_NAME.search(sentence.text[: split.start()]):
                split = None  # the first clause names no venue of its own
        if not split or not split.start():
            return [sentence]
        cut = sentence.start + split.end()
        first = self.text[sentence.start : sentence.start + split.start()]
        return [
            Span(sentence.start, sentence.start + len(first), first),
            Span(cut, sentence.end, self.text[cut : sentence.end]),
        ]

    def read_stops(self, visit):
        stops, current = [], None
        for number, sentence in (
            (number, clause) for number, whole in enumerate(self.sentences) for clause in self.clauses(whole)
        ):
            # A headline or a line of the header tells the visit in short, not a stop of it.
            place = None if self.is_header_line(sentence) else self.visited_place(sentence)
            if (
                place is None
                and current is not None
                and current.has_venue
                and _MEETING_AFTER.search(sentence.text)
            ):
                # "... where the Expo site was inspected. A meeting was then held with Governor X": a
                # meeting of its own in the venue's city, not at the venue.
                city = self.city_of_stop(current)
                if city is not None and self.mentions_in(number, sentence):
                    place = city
            if place is not None:
                same = self.stop_for(stops, place, sentence)
                if same is not None:
                    current = same
                else:
                    current = Stop(key=f"st{len(stops) + 1}", venue=place.key, told_at=number)
                    current.has_venue = place.kind == "venue"
                    stops.append(current)
                    cue = self.order_cue(sentence, stops, current)
                    if cue:
                        current.order_cue = cue
            delegation = place is None and re.search(
                r"\b(?:was|were|is|are) accompanied by\b|\bdelegation\b", sentence.text
            )
            if (
                current is not None
                and not delegation
                # An itinerary's line ("Tuesday 15 October - Osaka: meeting with the Governor") tells
                # in short what the text tells in full, as a header line does.
                and not self.is_header_line(sentence)
                and (
                    place is not None
                    or self.mentions_in(number, sentence)
                    or _VISIT_VERB.search(sentence.text)
                )
            ):
                # (Who the visitor was accompanied by, in a sentence of its own, went on the whole visit.)
                current.quotes.append(_quote(self.text, sentence.start, sentence.end))
                self.add_participants(current, number, sentence, place is not None)
        for index, stop in enumerate(stops):
            stop.position = stop.position or index * 10.0
        # "wrapped up his visit with a day in Mumbai", then Mumbai's venues: the city's stop is theirs.
        stops = [
            stop
            for stop in stops
            if self.entities[stop.venue].kind != "city"
            or any(p.person != self.principal for p in stop.participants)
            or not any(
                self.entities[other.venue].parent == stop.venue for other in stops if other is not stop
            )
        ]
        stops.sort(key=lambda stop: stop.position)
        for sequence, stop in enumerate(stops, start=1):
            stop.sequence = sequence
            venue = self.entities[stop.venue] if stop.venue else None
            kind_of_stop = "Tour of" if venue and venue.kind == "city" else "Visit to"
            stop.title = f"{kind_of_stop} {venue.name if venue else 'the venue'}"
            if visit.principal and not any(p.person == visit.principal for p in stop.participants):
                principal = self.entities[visit.principal]
                stop.participants.insert(
                    0,
                    Participant(
                        person=visit.principal,
                        role="principal",
                        title_as_stated=principal.title_as_stated,
                        organisation=principal.organisation,
                        quote=principal.quote,
                    ),
                )
            if venue and venue.kind == "city":
                for org in self.entities.values():
                    if org.type == "organisation" and org.seat == venue.key and org.kind == "municipality":
                        stop.host_organisation = org.key
        return stops

    def city_of_stop(self, stop):
        """The city the sentence telling a stop names ("travelled to Osaka, where the Expo site was
        inspected"), else the city its venue lies in, or None."""
        told = self.sentences[stop.told_at]
        for entity in self.entities.values():
            if (
                entity.type == "place"
                and entity.kind == "city"
                and any(told.start <= start < told.end for start, _end in entity.mentions)
            ):
                return entity
        parent = self.entities.get(self.entities[stop.venue].parent or "")
        return parent if parent is not None and parent.kind == "city" else None

    def visited_place(self, sentence):
        """The most specific place a sentence says was visited, or None."""
        verb = _VISIT_VERB.search(sentence.text)
        if not verb or _PLACE_HISTORY.search(sentence.text):
            return None
        candidates = []
        for entity in self.entities.values():
            if entity.type != "place" or entity.kind == "country":
                continue
            for start, _end in entity.mentions:
                if sentence.start <= start < sentence.end and start not in self.datelines | self.in_posts:
                    clause = self.text[max(sentence.start, start - 40) : start].lower()
                    if re.search(
                        r"\b(?:before|after|prior to)\s+(?:the\s+|his\s+|her\s+)?"
                        r"(?:visit(?:ing)?\s+(?:to\s+)?|tour\s+of\s+|travell?ing\s+to\s+|leaving\s+for\s+|departing\s+for\s+|"
                        r"heading\s+to\s+)?$",
                        clause,
                    ):
                        continue  # "Before the visit to Innopolis": an order cue, not this stop
                    if re.search(
                        r"\b(?:agreement|memorandum|treaty|accord|declaration|deal|partnership|cooperation)\s+"
                        r"(?:on|about|regarding|concerning)\s+(?:the\s+)?$",
                        clause,
                    ):
                        continue  # "the agreement on the Johor-Singapore Special Economic Zone": a subject
                    if (
                        entity.kind in ("city", "unknown")
                        and len(entity.mentions) == 1
                        and _BEFORE_THE_VISIT.search(self.text[sentence.start : start])
                    ):
                        continue  # "Earlier, he had attended the G20 summit in New Delhi": before it
                    clause = self.text[sentence.start : start].rsplit(",", 1)
                    if (
                        len(clause) == 2
                        and re.match(
                            r"\s*(?:an?|one of)\s(?:[\w'’-]+\s+){0,5}(?:in|on|of|off|near)\s+(?:the\s+)?$",
                            clause[1],
                        )
                        # (not a clause with a verb: ", an official ceremony was held on X")
                        and not re.search(r"\b(?:was|were|is|are|been|held|took)\b", clause[1])
                    ):
                        continue  # "Yumeshima, an artificial island in Osaka Bay,": where it lies
                    candidates.append((start, entity))
        "the city" in sentence.text.lower() and self.place_context and candidates.append(
            (sentence.start, self.entities[self.place_context])
        )
        if not candidates:
            if (
                re.search(r"\b(?:toured|visited)\s+the\s+(?:\w+\s+)?(?:city|town)\b", sentence.text)
                and self.place_context
            ):
                return self.entities[self.place_context]
            return None
        # "the Business Forum at the Kenyatta International Convention Centre": the stop is where it was.
        held_at = {
            entity.key
            for start, entity in candidates
            for other_start, other in candidates
            if other is not entity
            and other_start > start
            and re.fullmatch(
                r"\S*\s+at\s+(?:the\s+)?", self.text[start + len(entity.name) : other_start][-30:]
            )
            and re.match(r"[^,;]*$", self.text[start:other_start])
        }
        candidates = [(s, e) for s, e in candidates if e.key not in held_at] or candidates
        rank = {"venue": 0, "unknown": 1, "district": 1, "city": 2, "region": 3}
        # A city that holds another named in the sentence ("Innopolis in Kazan") is not the stop.
        parents = {entity.parent for _start, entity in candidates}
        candidates = [(s, e) for s, e in candidates if e.key not in parents] or candidates
        return min(candidates, key=lambda c: (rank.get(c[1].kind, 4), c[0]))[1]

    def stop_for(self, stops, place, sentence):
        """The stop a place belongs to: its own; or the city stop it lies in, when the text visits it
        "also" as part of the city's tour, or when that city stop has no venue yet (arrived in the
        city, then went to the venue: the stop is then at the venue)."""
        for stop in stops:
            if stop.venue == place.key:
                if stop is not stops[-1] and re.match(_NEW_TIME, sentence.text):
                    # "In the evening, ... at the Tanoa Hotel" after a stop elsewhere: back there.
                    return None
                return stop
        if not stops:
            return None
        current = stops[-1]
        city = self.entities[current.venue]
        if city.kind == "city" and place.parent == city.key:
            if re.search(r"\balso\b", sentence.text):
                return current
            if not current.has_venue and place.kind == "venue" and not current.welcomed:
                current.venue = place.key
                current.has_venue = True
                return current
        return None

    def order_cue(self, sentence, stops, stop):
        """Where a stop goes in time: "Before the visit to X" before X's stop, "After ..." after it,
        "Earlier" before the stop told before it, "Finally" and "before his departure" last; "first",
        "then", "also" keep the order they are told in. Returns the cue's quote."""
        stop.position = len(stops) * 10.0
        text = sentence.text
        name = r"(?:the\s+)?([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
        before = re.search(
            r"\b(?:Before|Prior to|Ahead of)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:visit(?:ing)?\s+(?:to\s+)?|"  # noqa: E501
            r"tour\s+of\s+|trip\s+to\s+|travell?ing\s+to\s+|arriv(?:al|ing)\s+in\s+)?" + name,
            text,
        )
        after = re.search(
            r"\b(?:After|Following)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:visit(?:ing)?\s+(?:to\s+)?|tour\s+of\s+|"
            r"talks\s+(?:in|at)\s+|trip\s+to\s+)?" + name,
            text,
        )
        for match, offset in ((before, -5.0), (after, 5.0)):
            if match:
                key = self.by_name.get(("place", normalise_name(match.group(1))))
                target = None
                for other in stops:
                    if other is stop or key is None:
                        continue
                    venue = self.entities[other.venue]
                    if other.venue == key or venue.parent == key or self.entities[key].parent == other.venue:
                        target = other
                        break
                if target is not None:
                    stop.position = target.position + offset + len(stops) * 0.01
                    return _quote(self.text, sentence.start + match.start(), sentence.start + match.end())
        cues = [
            (
                r"\b(?:Finally|At the end of|at the end of|concluded (?:the|his|her|their) (?:visit|day|tour|programme|program)|"  # noqa: E501
                r"ended (?:the|his|her|their) (?:visit|day|tour)|wrapped up|"
                r"[Bb]efore (?:departing|leaving|flying)(?! (?:to|for) (?!home\b))|"
                r"[Bb]efore (?:his|her|their) departure)\b",
                10000.0,
            ),
            (
                r"\b(?:Earlier|earlier (?:that|in the) day|earlier on|"
                r"[Bb]efore the (?:talks|meeting|ceremony|negotiations|summit))\b",
                None,
            ),
            (
                r"\b(?:First(?:ly)?|first|began (?:the|his|her|their) (?:visit|day|tour|programme|program) (?:with|by|at)|"  # noqa: E501
                r"started (?:with|by)|[Uu]pon arrival|[Oo]n (?:his |her )?arrival)\b",
                0.0,
            ),
            (r"\b(?:Then|then|Afterwards|afterwards|Later|later|also|Next|Subsequently)\b", 0.0),
        ]
        departure = re.search(
            r"\b[Bb]efore (?:departing|leaving|flying) (?:to|for) (?:the )?"
            r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)",
            text,
        )
        if departure and self.gazetteer.country(departure.group(1)) is not None:
            # "before departing for South Africa": leaving the host country, the last stop.
            stop.position = 10000.0 + len(stops)
            return _quote(self.text, sentence.start + departure.start(), sentence.start + departure.end())
        for pattern, position in cues:
            match = re.search(pattern, text)
            if not match:
                continue
            if position is None:
                if len(stops) < 2:
                    continue
                stop.position = stops[-2].position - 5.0 + len(stops) * 0.01
            elif position:
                stop.position = position + len(stops)
            return _quote(self.text, sentence.start + match.start(), sentence.start + match.end())
        return None

    def mentions_in(self, number, clause=None):
        return [
            m
            for m in self.mentions
            if m[3] == number and (clause is None or clause.start <= m[0] < clause.end)
        ]

    def add_participants(self, stop, number, sentence, names_place=True):
        # A sentence that names no place and tells no visit only speaks of who it names ("asked him
        # to convey greetings to President X"): it adds someone to the stop only as a cue says.
        told = names_place or _VISIT_VERB.search(sentence.text)
        for start, end, key, _number, info in sorted(self.mentions_in(number, sentence)):
            # The words around the mention with its post: "met with Cabinet Secretary for Trade, ... X".
            stated = min(start, (info or {}).get("stated_start", start))
            role = "principal" if key == self.principal else self.role(stated, end, sentence)
            existing = next((p for p in stop.participants if p.person == key), None)
            if not told and role == "co_attendee" and not self.attends(stated, sentence):
                continue
            if start in self.commemorated:
                continue
            person = self.entities[key]
            if (
                number == stop.told_at
                and role in ("host", "counterpart")
                and self.entities[stop.venue].kind == "city"
            ):
                stop.welcomed = True
            title = (info or {}).get("title_as_stated") or person.title_as_stated
            if existing is not None:
                if existing.role == "co_attendee" and role != "co_attendee":
                    existing.role = role
                continue
            quote_start = min(start, (info or {}).get("stated_start", start))
            stop.participants.append(
                Participant(
                    person=key,
                    role=role,
                    title_as_stated=title,
                    organisation=person.organisation,
                    quote=_quote(self.text, quote_start, end),
                )
            )
        both = re.search(
            r"\b(?:[Tt]he two|[Bb]oth) (?:leaders|presidents|prime ministers|ministers|sides)\b",
            sentence.text,
        )
        # ("The two leaders had last met in 2023": before this visit.)
        if (
            both
            and not self.mentions_in(number, sentence)
            and not re.search(r"\bhad\s+(?:\w+\s+)?met\b", sentence.text)
        ):
            others = [
                m
                for m in self.mentions
                if m[3] < number and m[2] != self.principal and m[0] not in self.commemorated
            ]
            if others:
                key = max(others)[2]
                if not any(p.person == key for p in stop.participants):
                    role = (
                        "counterpart"
                        if re.search(r"talks|met\b|meeting|negotiat|discuss", sentence.text)
                        else "co_attendee"
                    )
                    start = sentence.start + both.start()
                    stop.participants.append(
                        Participant(
                            person=key,
                            role=role,
                            title_as_stated=self.entities[key].title_as_stated,
                            organisation=self.entities[key].organisation,
                            quote=_quote(self.text, start, sentence.start + both.end()),
                        )
                    )
        for match in re.finditer(
            r"\b(?:the\s+)?(?:heads|leaders|members|ministers|representatives|delegations?|heads of state)\s+of\s+(?:the\s+)?(?:other\s+)?[^,.;]+",  # noqa: E501
            sentence.text,
        ):
            start = sentence.start + match.start()
            stated = match.group().strip()
            if any(p.name_as_stated == stated for p in stop.participants):
                continue
            org = None
            for entity in self.entities.values():
                if entity.type == "organisation" and any(
                    start <= s < start + len(stated) for s, _e in entity.mentions
                ):
                    org = (
                        entity.key if org is None or len(entity.name) > len(self.entities[org].name) else org
                    )
            stop.participants.append(
                Participant(
                    person=None,
                    role="co_attendee",
                    name_as_stated=stated,
                    organisation=org,
                    quote=_quote(self.text, start, start + len(stated)),
                )
            )

    def attends(self, start, sentence):
        """Whether the words before a name say the person was there with the visitor."""
        return bool(
            re.search(
                r"\b(?:together with|along with|accompanied by|joined by)\b[^.;]*$",
                self.text[sentence.start : start],
                re.IGNORECASE,
            )
        )

    def role(self, start, end, sentence):
        """The part a person played, from the words around the name: welcomed by (host), presented
        (presenter), talks with (counterpart), together with (co-attendee, also the default)."""
        # Courtesies with their full stops ("a courtesy call on H.E. Mr. X") say nothing of the role.
        before = re.sub(r"\b(?:H\.E|H\.H|Mr|Mrs|Ms|Dr|Prof)\.\s*", "", self.text[sentence.start : start])
        after = re.sub(r"^,?\s+(?:Jr|Sr)\.", "", self.text[end : sentence.end])  # "X, Jr. welcomed"
        # "was welcomed at the airport by ...", "was received ... by the President of Tunisia, Kais Saied";
        # "was shown the castle by ...", "was briefed by ...": the last such verb before "by" tells.
        hosting = "welcomed|greeted|received|hosted|invited|met|accorded"
        passive = re.search(
            rf"\b({hosting}|shown|briefed|guided|presented|informed)\b"
            rf"(?:(?!\b(?:{hosting}|shown|briefed|guided|presented|informed)\b)"
            r"[^.;]){0,80}?\bby\s+[^.;]{0,80}$",
            before,
        )
        if passive:
            # ("was accorded a ceremonial welcome at the Chancellery by X": the host)
            return "host" if passive.group(1) in hosting.split("|") else "presenter"
        if re.match(
            r"\s*(?:,[^,]*,\s*)?(?:(?:on|last) \w+day\s+|today\s+|yesterday\s+)?(?:held|hold|holds|had)\s+(?:[\w'’()+-]+\s+){0,8}?(?:talks|meeting|negotiations|dialogue|consultations)\b",  # noqa: E501
            after,
            re.IGNORECASE,
        ) or re.match(r"\s*(?:,[^,]*,\s*)?(?:met|meets)\s+(?:with\s+)?(?:the\s+)?[A-Z]", after):
            # "President X met with Wang Yi": the other side.
            return "counterpart"
        # ... and "led him on a tour", "took her through", "gave them a tour".
        presents = (
            r"presented|briefed|showed|informed|told|demonstrated|guided|introduced|explained|reported|"
            r"(?:led|took|gave)\s+(?:him|her|them|the\s+\w+)\s+(?:on\s+|through\s+|a\s+)"
        )
        if re.match(rf"[^.;]{{0,80}}?\b(?:{presents})\b", after) and not re.match(
            r"\s*,?\s*(?:was|were)\b", after
        ):
            return "presenter"
        if re.match(r"[^.;]{0,40}?\b(?:welcomed|greeted|received|hosted)\b", after):
            return "host"
        if self.attends(start, sentence):
            return "co_attendee"
        if re.search(
            r"\b(?:talks|met|meeting|negotiations|conversation|discussions|talked|dialogue|summit|consultations|"
            r"called on|call on)\s+(?:with\s+)?[^.;,]{0,60}$",
            before,
        ) or re.search(r"\b(?:held|had|hold|holds|signed|signs)\b[^.;,]{0,80}\bwith\s+[^.;,]{0,60}$", before):
            return "counterpart"
        listed = re.search(r"\bmet\s+(?:with\s+)?((?:the\s+)?[^.;]{0,240})$", before)
        if listed and "," in listed.group(1) and not re.search(_NOT_A_LIST, listed.group(1)):
            # "met the heads of government of the Baltic states, Prime Minister X of Lithuania,
            # Prime Minister Y ...": each one named in the list the visitor met.
            return "counterpart"
        return "co_attendee"

    # dates

    def read_dates(self, visit, stops):
        found = date_reading.find_dates(self.text, self.published_on)
        by_sentence = {}
        for item in found:
            for number, sentence in enumerate(self.sentences):
                if sentence.start <= item.start < sentence.end:
                    by_sentence.setdefault(number, []).append(item)
        days = []
        for stop in stops:
            for quote in stop.quotes:
                for number, sentence in enumerate(self.sentences):
                    if sentence.start == quote.start and by_sentence.get(number):
                        stop.date = stop.date or by_sentence[number][0].first.isoformat()
        for item in found:
            days.extend([item.first, item.last])
            visit.date_quotes.append(_quote(self.text, item.start, item.end))
        if days:
            visit.start = min(days).isoformat()
            if max(days) != min(days):
                visit.end = max(days).isoformat()
        elif self.published_on:
            visit.start = self.published_on.isoformat()
        for stop in stops:
            if stop.date is None and visit.start and not visit.end:
                stop.date = visit.start
        self.order_by_dates(stops)

    def order_by_dates(self, stops):
        """Stops on days the text gives go in the order of those days ("on Tuesday visited X ... Li
        arrived in Adelaide on Saturday"); a stop without a day of its own is on the day of the stop
        before it, and the cues keep their order within a day."""
        day = None
        days = {}
        for stop in stops:
            day = stop.date or day
            days[stop.key] = day
        if len({d for d in days.values() if d}) < 2 or not all(days.values()):
            return
        stops.sort(key=lambda stop: days[stop.key])
        for sequence, stop in enumerate(stops, start=1):
            stop.sequence = sequence

    # place facts

    def read_facts(self):
        facts = []
        for sentence in self.sentences:
            place = self.fact_place(sentence)
            if place is None:
                continue
            for kind, value, unit, qualifier, value_text, as_of, start, end in _facts_in(sentence.text):
                place = self.nearest_place(sentence, sentence.start + start) or place
                if kind == "infrastructure_more":
                    previous = next(
                        (f for f in reversed(facts) if f.kind == "infrastructure" and f.place == place.key),
                        None,
                    )
                    if previous:
                        previous.quotes.append(
                            _quote(self.text, sentence.start + start, sentence.start + end)
                        )
                    continue
                if any(f.place == place.key and f.kind == kind and kind != "other" for f in facts):
                    continue
                quote = _quote(self.text, sentence.start + start, sentence.start + end)
                facts.append(
                    Fact(
                        key=f"fa{len(facts) + 1}",
                        place=place.key,
                        kind=kind,
                        value=value,
                        unit=unit,
                        qualifier=qualifier,
                        value_text=value_text,
                        as_of=as_of or (self.published_on.isoformat() if self.published_on else None),
                        quote=quote,
                        quotes=[quote],
                    )
                )
        return facts

    def nearest_place(self, sentence, at):
        """The place named last before a fact in its sentence ("toured the Doosan Škoda Power plant,
        which was founded in 1869"), leaving out a place named as where another lies ("the Clark
        Freeport Zone in Pampanga, which covers ..."); None if none is named before it."""
        named = sorted(
            (start, entity if entity.type == "place" else self.entities[entity.seat])
            for entity in self.entities.values()
            if (entity.type == "place" and entity.kind != "country")
            or (entity.type == "organisation" and entity.seat)
            for start, _end in entity.mentions
            if sentence.start <= start < at and start not in self.datelines
        )
        named = [
            (start, entity)
            for index, (start, entity) in enumerate(named)
            if index == 0 or not re.search(r"\bin\s+(?:the\s+)?$", self.text[sentence.start : start])
        ]
        return named[-1][1] if named else None

    def fact_place(self, sentence):
        """The place a sentence states facts about: "The city ..." and "It ..." the city last named,
        "The university ..." the venue last named of that kind, else the first place named in it,
        else the place of the sentences before."""
        before = [
            (start, entity)
            for entity in self.entities.values()
            if entity.type == "place" and entity.kind != "country"
            for start, _end in entity.mentions
            if start < sentence.start
        ]
        anaphora = re.match(r"(?:The|This|It)\b\s*(\w*)", sentence.text)
        previous = getattr(self, "fact_sentence", None)
        self.fact_sentence = sentence.start
        if sentence.text.startswith("It ") and previous is not None and getattr(self, "fact_context", None):
            # "It was opened in 2022": the place the sentence before was about.
            last = max((s for s in self.sentences if s.start < sentence.start), key=lambda s: s.start)
            if previous == last.start and self.entities[self.fact_context].kind == "venue":
                return self.entities[self.fact_context]
        if anaphora:
            word = anaphora.group(1).lower()
            if word in CITY_WORDS or sentence.text.startswith("It "):
                city = self._last_city(before)
                if city is not None:
                    self.fact_context = city.key
                    return city
            elif word in VENUE_WORDS:
                # "The park": the park named last; else "The plant" is the venue named last.
                venues = [v for v in before if v[1].name.lower().endswith(word)] or [
                    v for v in before if v[1].kind == "venue"
                ]
                if venues:
                    self.fact_context = max(venues, key=lambda v: v[0])[1].key
                    return self.entities[self.fact_context]
        named = [
            (start, entity)
            for entity in self.entities.values()
            if entity.type == "place" and entity.kind != "country"
            for start, _end in entity.mentions
            if sentence.start <= start < sentence.end and start not in self.datelines
        ]
        if named:
            place = min(named, key=lambda n: n[0])[1]
            self.fact_context = place.key
            return place
        key = getattr(self, "fact_context", None) or self.place_context
        return self.entities.get(key) if key else None

    def _last_city(self, mentions):
        """The city last written about: the first named in the latest sentence naming one, leaving
        out a city named as where another lies ("Innopolis in Kazan")."""
        cities = [(start, entity) for start, entity in mentions if entity.kind in ("city", "unknown")]
        if not cities:
            return None
        latest = max(start for start, _entity in cities)
        sentence = next(s for s in self.sentences if s.start <= latest < s.end + 1)
        here = [(start, e) for start, e in cities if sentence.start <= start < sentence.end]
        parents = {e.parent for _start, e in here}
        here = [(start, e) for start, e in here if e.key not in parents] or here
        return min(here, key=lambda c: c[0])[1]

    def run(self):
        self.principal = None
        self.read_names()
        # Posts named alone ("the Acting Prime Minister") are the people holding them.
        self.principal = None
        visit = self.read_visit()
        self.resolve_titles()
        visit.principal_country = visit.principal_country or (
            self._person_country(self.entities[visit.principal]) if visit.principal else None
        )
        if visit.host_country is None or visit.host_country == visit.principal_country:
            visit.host_country, visit.host_quote = self.host_country(visit.principal_country)
        stops = self.read_stops(visit)
        self.read_dates(visit, stops)
        facts = self.read_facts()
        self.finish_places(visit)
        visit.title, visit.slug = self.visit_title(visit, stops)
        groups = {"person": [], "organisation": [], "place": []}
        for entity in self.entities.values():
            groups[entity.type].append(entity)
        return Proposal(
            text=self.text,
            published_on=self.published_on.isoformat() if self.published_on else None,
            sentences=[[s.start, s.end] for s in self.sentences],
            people=groups["person"],
            organisations=groups["organisation"],
            places=groups["place"],
            visit=visit,
            stops=stops,
            facts=facts,
        )

    def finish_places(self, visit):
        """Every new place below a country: a city with no parent lies in the host country."""
        for entity in list(self.entities.values()):
            if (
                entity.type == "place"
                and entity.kind != "country"
                and entity.parent is None
                and not entity.match
            ):
                entity.parent = self.country_of_city(entity, visit) or visit.host_country
            if entity.type == "person" and not entity.match:
                parts = entity.name.split()
                entity.given_name, entity.family_name = parts[0], parts[-1]

    def country_of_city(self, city, visit):
        """The country a city lies in when the register does not know it: the one its name starts
        with ("Mexico City", "Belize City"), else the one country other than the visitor's that the
        sentence first naming it names ("travelled to Nuku'alofa, where she met the Prime Minister of
        Tonga"); None when neither says (the host country then)."""
        words = city.name.split()
        if city.kind == "city" and len(words) > 1 and words[-1].lower() in CITY_WORDS:
            known = self.gazetteer.country(" ".join(words[:-1]))
            if known is not None:
                return self.country_entity(known, *city.mentions[0]).key
        if city.kind != "city" or not city.mentions:
            return None
        start = city.mentions[0][0]
        sentence = next((s for s in self.sentences if s.start <= start < s.end), None)
        if sentence is None:
            return None
        named = {
            entity.key
            for entity in self.entities.values()
            if entity.type == "place"
            and entity.kind == "country"
            and entity.key != visit.principal_country
            and any(sentence.start <= at < sentence.end for at, _end in entity.mentions)
        }
        return named.pop() if len(named) == 1 else None

    def visit_title(self, visit, stops):
        kind = dict((code, words) for words, code in ((p.split("|")[0], c) for p, c in VISIT_KINDS)).get(
            visit.kind, "visit"
        )
        host = self.entities[visit.host_country].name if visit.host_country else ""
        head = f"{kind.capitalize() if kind != 'visit' else 'Visit'}{' to ' + host if host else ''}"
        names = [self.entities[s.venue].name for s in stops if s.venue]
        short = [name.split(" International")[0] for name in names[:3]]
        title = f"{head}: {' and '.join(short)}" if short else head
        principal = self.entities[visit.principal].name if visit.principal else "visit"
        place = self.entities[stops[-1].venue].name if stops and stops[-1].venue else host
        slug = slugify(f"{principal} {place} {visit.start or ''}")[:190]
        return title[:300], slug


# A dateline: a city, a comma and a date ("Rome, 6 June 2023 -", "Pavlodar, 27.02.2025.").
_DATELINE = re.compile(
    r"^([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?),\s+(?:\d{1,2}(?:st|nd|rd|th)?[ .]|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d)"
    # "TORONTO —", "NAIROBI (Reuters) -": a city in capitals and a dash
    r"|^([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)?)\s+(?:\([^)]{1,30}\)\s+)?(?:—|–|-{1,2})\s"
)
# "traveled to Brasília, Rio de Janeiro, and ...": the places listed before a name in a list of places.
_LIST_ITEM = r"[A-Z][\w'’-]*(?:\s+(?:(?:de|da|do|del|la|los|las)\s+)*[A-Z][\w'’-]*)*"
_PLACE_LIST = re.compile(rf"\b(?:to|in|visited)\s+(?:{_LIST_ITEM},\s+)+(?:and\s+)?$")
# First words of the names of natural places: "Lake Victoria", "Mount Kenya".
# Last words of names of events and of what is discussed, never of a person's name.
_NOT_A_NAME_END = {
    "Games", "Olympics", "Paralympics", "Cup", "Championship", "Championships", "Festival", "Conference",
    "Summit", "Week", "Awards", "Prize", "Initiative", "Programme", "Program", "Strategy", "Agenda",
    "Cooperation", "Relations", "Affairs", "Development", "Dialogue", "Declaration", "Agreement", "Accord",
    "Expo", "Biennale", "Exhibition", "Fair", "Corridor", "Project", "Plan", "Vision", "Framework",
    # a region's adjective: "their Central Asian tour"
    "Asian", "African", "European", "American", "Arab", "Caribbean", "Nordic", "Baltic", "Balkan",
}  # fmt: skip
# A building's word that starts its name in French, Spanish, Portuguese, Italian, German.
_FOREIGN_VENUE_HEADS = {
    "hôtel", "palais", "château", "musée", "palacio", "palácio", "museo", "museu", "palazzo",
    "castello", "schloss", "casa", "quinta", "praça", "piazza", "plaza", "place", "catedral",
    "cathédrale", "basilique", "basílica", "mosteiro", "monasterio", "fortaleza", "villa",
}  # fmt: skip
# Where a sentence goes on to the next stop: "..., before heading to State House, where ...".
_NEXT_STOP = re.compile(
    r",?\s+(?:before|and then|then)\s+(?=(?:heading|proceeding|travell?ing|going|moving|driving|"
    r"headed|proceeded|travell?ed|went|moved|drove)\s+to\s+(?:the\s+)?[A-Z][^,.;]*,\s+where\b)"
)
# Or to another venue: "met X at the Great Hall, and later signed ... with Y at the Ministry".
_NEXT_VENUE = re.compile(
    r",\s+and\s+(?:later|then|afterwards|subsequently)\s+(?=\w+ed\b[^.;]*\bat\s+(?:the\s+)?[A-Z])"
)
_AT_A_NAME = re.compile(r"\bat\s+(?:the\s+)?[A-Z]")
# Words that end a list of whom the visitor met and start another clause.
_NOT_A_LIST = re.compile(
    r"\b(?:where|which|who|whom|before|after|then|together|accompanied|joined|at|in|to|while|during)\b"
)
_MONTH_NAMES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec",
}  # fmt: skip
_MEETING_AFTER = re.compile(
    r"^(?:an?|the)\s+meeting\s+was\s+(?:then|later|afterwards|subsequently)\s+held\s+with\b", re.IGNORECASE
)
_HOUSES = {"Senate", "Assembly", "House", "Parliamentary", "Congressional"}
# What a place has long done ("Diaoyutai ... has received foreign leaders for six decades"): its
# history, no stop of this visit.
_PLACE_HISTORY = re.compile(
    r"\b(?:has|have)\s+(?:long\s+|also\s+)?(?:received|hosted|welcomed)\s+(?:\w+\s+){0,2}?"
    r"(?:leaders|heads|visitors|dignitaries|guests|presidents|delegations)\b"
)
# The past perfect of a visit verb other than arriving: what the visitor did before this visit.
_BEFORE_THE_VISIT = re.compile(
    r"\bhad\s+(?:\w+\s+)?(?:attended|visited|been|toured|participated|taken part|held|met)\b"
)
# A sentence that starts a new part of the day or a new day.
_NEW_TIME = re.compile(
    r"(?:In the (?:morning|afternoon|evening)|Later (?:that|in the) (?:day|afternoon|evening)|"
    r"That (?:afternoon|evening)|On (?:the )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"following day|next day|last day|second day|third day))\b"
)
# "left Suva for", "departed for": the place after "for" is where the visitor went next.
_LEFT_FOR = re.compile(r"\b(?:left|leaves|leaving|departed|departs|departing)\b(?:\s+\w+){0,2}\s*$")
_GEOGRAPHIC = {"Lake", "Mount", "Mt", "River", "Cape", "Gulf", "Bay", "Island", "Isle", "Sea", "Ocean"}
# Features a venue may stand on, its name going on: "the National Memorial on Vítkov Hill".
_FEATURES = {"hill", "hills", "square", "island", "lake", "river", "mount", "mountain", "embankment"}
# Words a title-case headline leaves in lower case.
_SMALL_WORDS = {
    "with",
    "from",
    "into",
    "over",
    "after",
    "upon",
    "amid",
    "during",
    "about",
    "between",
    "within",
}
# The words before "the X" that make X a place: "visited the Konza Technopolis".
_PLACE_VERBS = {"at", "in", "to", "into", "inside", "visited", "toured", "inspected", "opened", "inaugurated"}


def _strip_the(phrase):
    return phrase[4:] if phrase.startswith(("the ", "The ")) else phrase


def _organisation_kind(name):
    lower = name.lower()
    words = lower.split()
    last = words[-1] if words else ""
    if any(
        w in lower
        for w in (
            "eurasian",
            "european",
            "intergovernmental",
            "united nations",
            "international organization",
            "union",
            "nato",
            "asean",
            "brics",
            "commonwealth",
        )
    ):
        return "intergovernmental"
    if "ministry" in words or last == "department":
        return "ministry"
    if last in ("parliament", "assembly", "duma", "senate", "congress"):
        return "legislature"
    if last in ("administration", "municipality") or "city hall" in lower:
        return "municipality"
    if last in ("government", "cabinet", "presidency"):
        return "government"
    if last == "technopark":
        return "technopark"
    if last in ("university", "academy", "institute", "college", "school"):
        return "university"
    if last == "party":
        return "party"
    if last in (
        "company",
        "corporation",
        "corp",
        "group",
        "inc",
        "ltd",
        "llc",
        "jsc",
        "plc",
        "ag",
        "bank",
        "holding",
        "holdings",
        "plant",
        "factory",
    ):
        return "company"
    return "other"


_NUMBER = r"(?P<num>\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)"
_QUALIFIER = r"(?P<q>more than |over |above |upwards of |about |around |approximately |nearly |almost |some |roughly |less than |under |fewer than |up to )?"  # noqa: E501
_MULTIPLIER = r"(?:\s*(?P<mult>million|thousand|billion))?"
_QUALIFIERS = {
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "upwards of": "more_than",
    "about": "approximate",
    "around": "approximate",
    "approximately": "approximate",
    "nearly": "approximate",
    "almost": "approximate",
    "some": "approximate",
    "roughly": "approximate",
    "less than": "less_than",
    "under": "less_than",
    "fewer than": "less_than",
    "up to": "less_than",
}
_UNITS = {
    "hectares": "ha",
    "hectare": "ha",
    "ha": "ha",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "sq km": "km2",
    "km2": "km2",
    "km²": "km2",
    "square miles": "sq mi",
    "acres": "acres",
    "square metres": "m2",
    "square meters": "m2",
    "sq m": "m2",
    "m2": "m2",
}
_FACT_PATTERNS = [
    (
        "area",
        re.compile(
            rf"(?:area of|covers|covering|occupies|spans|spanning|stretches over|extends over)\s+(?:an area of\s+|a territory of\s+)?{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s*(?P<unit>hectares|hectare|ha|square kilomet(?:re|er)s|sq km|km2|km²|square miles|acres|square met(?:re|er)s|sq m|m2)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    (
        "population",
        re.compile(
            rf"(?:(?:has|with|of|is home to)\s+)?{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>inhabitants|residents|people live|citizens live)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    (
        "population",
        re.compile(
            rf"\bhome to\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>people)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "population",
        re.compile(rf"population of\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}(?P<unit>)", re.IGNORECASE),
    ),
    (
        # "Kobe, a city of 1.5 million people"
        "population",
        re.compile(
            rf"\b(?:a|the)\s+(?:city|town|country|nation|island|region|province|village)\s+of\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>people)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    (
        "registered_companies",
        re.compile(
            rf"{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?:[\w-]+\s+)?(?P<unit>companies|enterprises|firms|startups|start-ups)\b(?=[^.]*\b(?:registered|resident|residents|based|operate|located)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "registered_companies",
        re.compile(
            rf"(?:hosts|houses|is home to|has attracted)\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?:[\w-]+\s+)?(?P<unit>companies|enterprises|firms|startups|start-ups)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            rf"(?:employs|employ|employing|has|with|trains|hosts|designed for|built for|accommodates|is home to)\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>employees|workers|staff|students|pupils|specialists|researchers|jobs|beds|seats|soldiers|troops|personnel)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            rf"(?:employs|employ|employing)\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>people|persons)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "teaches ... to more than 600 students every year": those a school takes in a year.
        "other",
        re.compile(
            rf"\bto\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>students|pupils|trainees)\s+(?:every|each|a)\s+year\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "handles more than 2.8 million containers a year": a place's throughput.
        "other",
        re.compile(
            rf"(?:handles|handled|receives|welcomes|serves|processes)\s+{_QUALIFIER}{_NUMBER}{_MULTIPLIER}\s+(?P<unit>containers|passengers|visitors|tonnes|tons|vehicles|patients)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
]
_FOUNDED = re.compile(
    r"\b(?P<verb>founded|established|opened|built|created|set up|inaugurated|commissioned|"
    r"(?:began|started|went into|came into) (?:production|operations?|operating|service))\s+in\s+(?P<year>1\d{3}|20\d{2})\b",  # noqa: E501
    re.IGNORECASE,
)
_TEXT_FACTS = [
    (
        "economic_zone",
        re.compile(
            r"\b(?:special|free) economic zone\b|\bfree trade zone\b|\bindustrial park\b", re.IGNORECASE
        ),
    ),
    (
        "distinction",
        re.compile(
            r"^(?:It|The city|The town|This)\s+(?:is|was|became)\s+(?:the|one of the)\s+(?:first|largest|biggest|only|oldest|leading|main|most)\b",  # noqa: E501
            re.IGNORECASE,
        ),
    ),
    ("economy", re.compile(r"\beconomy\b[^.]*\bbased on\b", re.IGNORECASE)),
    (
        "infrastructure",
        re.compile(
            r"\binfrastructure\b[^.]*\b(?:created|built|developed|includes|consists)\b", re.IGNORECASE
        ),
    ),
]


def _number(match):
    digits = re.sub(r"[,\s]", "", match.group("num"))
    value = float(digits)
    multiplier = {"million": 1_000_000, "thousand": 1_000, "billion": 1_000_000_000}.get(
        (match.groupdict().get("mult") or "").lower(), 1
    )
    value *= multiplier
    return str(int(value)) if value == int(value) else str(value)


def _facts_in(sentence):
    """(kind, value, unit, qualifier, value_text, as_of, start, end) of each fact a sentence states."""
    found = []
    for kind, pattern in _FACT_PATTERNS:
        for match in pattern.finditer(sentence):
            unit = (match.group("unit") or "inhabitants").lower()
            unit = _UNITS.get(unit, unit.split()[0] if kind == "population" and unit else unit)
            if kind == "population":
                unit = "inhabitants"
            qualifier = _QUALIFIERS.get((match.group("q") or "").strip().lower(), "exact")
            start = match.start("q") if match.group("q") else match.start("num")
            if kind in ("area", "population"):
                start = match.start()
            found.append((kind, _number(match), unit, qualifier, "", None, start, match.end()))
    founded = _FOUNDED.search(sentence)
    if founded:
        subject = re.search(
            r"(?:^|[,;]\s*)(?:the\s+)?[\w\s]{0,40}$", sentence[: founded.start()], re.IGNORECASE
        )
        start = subject.start() if subject else founded.start()
        start = start + (len(sentence[start:]) - len(sentence[start:].lstrip(" ,;")))
        year = founded.group("year")
        found.append(
            (
                "founded",
                None,
                "",
                "exact",
                f"{founded.group('verb').capitalize()} in {year}.",
                year,
                start,
                founded.end(),
            )
        )
    for kind, pattern in _TEXT_FACTS:
        if pattern.search(sentence):
            found.append(
                (
                    kind,
                    None,
                    "",
                    "exact",
                    sentence.strip()[0].upper() + sentence.strip()[1:],
                    None,
                    0,
                    len(sentence),
                )
            )
            break
    if re.match(r"^(?:It|This)\s+(?:includes|comprises|consists of)\b", sentence):
        found.append(("infrastructure_more", None, "", "exact", "", None, 0, len(sentence)))
    return found


def extract(text, *, published_on=None, gazetteer=None):
    """The proposal for one report; `published_on` (a date) anchors "today" and dates without a year."""
    if isinstance(published_on, str):
        published_on = datetime.date.fromisoformat(published_on)
    reader = _Reader(text, published_on, gazetteer or Gazetteer.empty())
    return reader.run()
