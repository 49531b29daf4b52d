"""Long synthetic source/derivative pairs with ground truth, built from real prose.

The text is the BBC news articles of XSum (Narayan et al., 2018, "Don't Give Me the Details, Just
the Summary!"; CC BY-SA 4.0 per the GEM data card), as stored in ``xsumfaith.jsonl`` in the
shared evaluation folder (``../shared/eval`` beside the project; read at benchmark time only,
nothing is copied into the repository). 500 distinct articles, about 190k words.

- :func:`synthetic_pair`: a source of about N words and a derivative made from it sentence by
  sentence: copied, paraphrased by one rule-based operation (``clause_reorder``, ``split``,
  ``merge``, ``voice``, ``substitution``) or deleted; 20 % of the derivative's paragraphs
  moved; unrelated passages inserted (about 10 % of the derivative's words).
- :func:`needle_pair`: the bundled example pair embedded in unrelated filler on both sides.

Every derivative character range is labelled by a :class:`TruthSpan` (one per derivative
sentence); deleted source sentences are listed. Roles never share text within a pair: articles
are split into disjoint pools (source, inserted; for the needle, one filler pool per side), and
sentences that occur in more than one article are dropped. When a size needs more words than a
pool holds, that pool is used again from its start, in a new order (``Pair.stats["reused"]``).

Everything is deterministic given the seed. The synonym list is this module's own and
independent of anything the aligner uses.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import load_document, paths

SEED = 2024
EVAL_FILE = "xsumfaith.jsonl"
DEFAULT_EVAL_DIR = paths.PROJECT_ROOT.parent / "shared" / "eval"

COPY, PARAPHRASE = 0.55, 0.32  # draws per source sentence; the rest (0.13) delete one
MOVED = 0.20  # of derivative paragraphs
INSERTED = 0.10  # of derivative words
INSERTED_POOL_WORDS = 10_000
OPERATIONS = ("clause_reorder", "split", "merge", "voice", "substitution")

# --- loading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article:
    """One XSum article as a list of sentences; ``commentary`` marks live match reports."""

    id: str
    sentences: tuple[str, ...]
    commentary: bool

    @property
    def words(self) -> int:
        return sum(len(sentence.split()) for sentence in self.sentences)


def eval_path(eval_dir: Path | None = None) -> Path:
    """The XSum file, or a clear error naming where it was looked for."""
    path = Path(eval_dir or DEFAULT_EVAL_DIR) / EVAL_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: not found. The alignment benchmark builds its texts from the XSum "
            "articles in the shared evaluation folder (../shared/eval beside the project); "
            "pass --eval-dir DIR to read them from elsewhere"
        )
    return path


def load_articles(eval_dir: Path | None = None) -> tuple[Article, ...]:
    """The distinct articles, ordered by BBC id, without sentences found in two places."""
    texts: dict[str, str] = {}
    for line in eval_path(eval_dir).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.setdefault(str(row["meta"]["bbcid"]), row["source"])
    split = {key: split_sentences(text) for key, text in sorted(texts.items())}
    counts = Counter(sentence for sentences in split.values() for sentence in sentences)
    articles = []
    for key, sentences in split.items():
        unique = tuple(sentence for sentence in sentences if counts[sentence] == 1)
        commentary = sum(bool(_COMMENTARY.match(s)) for s in sentences) >= 4
        if unique:
            articles.append(Article(key, unique, commentary))
    return tuple(articles)


_BOUNDARY = re.compile(r"""[.!?]["')\]]*(?=\s+["'(\[]?[A-Z0-9£$])""")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|No|Gen|Lt|Col|Sgt|Rev|Prof|Jr|Sr|Inc|Ltd|Co|vs|Jan|Feb"
    r"|Aug|Sept|Oct|Nov|Dec))\.$"
)
_COMMENTARY = re.compile(
    r"(?:Foul by|Attempt (?:missed|saved|blocked)|Corner, |Substitution, |Offside, |Delay "
    r"|Match ends|.*wins a free kick)"
)


_RUN_ON = re.compile(r"[.!?][\"')]* [\"'(]?[A-Z]")


def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of one article: final punctuation outside quotes, then a capital or digit.

    >>> split_sentences('He said: "We won. Again." Mr Smith left. J. Bloggs (U.S.) stayed.')
    ('He said: "We won. Again."', 'Mr Smith left.', 'J. Bloggs (U.S.) stayed.')
    """
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.end()]
        if candidate.count('"') % 2 or _ABBREVIATION.search(text[start : match.start() + 1]):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return tuple(sentence for sentence in sentences if sentence)


# --- pools -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pools:
    """Disjoint sets of articles, one per role; ``commentary`` articles only ever as source."""

    source: tuple[Article, ...]
    inserted: tuple[Article, ...]


def pools(articles: Sequence[Article], *, seed: int = SEED) -> Pools:
    """About ``INSERTED_POOL_WORDS`` words of ordinary articles for insertions, the rest source."""
    order = list(articles)
    random.Random(f"{seed}:pools").shuffle(order)
    inserted: list[Article] = []
    for article in order:
        if sum(a.words for a in inserted) >= INSERTED_POOL_WORDS:
            break
        if not article.commentary:
            inserted.append(article)
    taken = {article.id for article in inserted}
    return Pools(tuple(a for a in order if a.id not in taken), tuple(inserted))


def filler_pools(
    articles: Sequence[Article], *, seed: int = SEED
) -> tuple[tuple[Article, ...], tuple[Article, ...]]:
    """Two disjoint halves of the ordinary articles: filler for the source and derivative sides."""
    order = [article for article in articles if not article.commentary]
    random.Random(f"{seed}:filler").shuffle(order)
    return tuple(order[0::2]), tuple(order[1::2])


def _cycle(pool: Sequence[Article], rng: random.Random) -> Iterator[tuple[Article, bool]]:
    """The pool's articles, then again in a new order each round; True marks a reused one."""
    round_ = 0
    while True:
        order = list(pool)
        rng.shuffle(order)
        for article in order:
            yield article, round_ > 0
        round_ += 1


def _draw(pool: Sequence[Article], words: int, rng: random.Random) -> tuple[list[list[str]], int]:
    """Paragraphs (lists of sentences) of at least ``words`` words, and how many were reused."""
    paragraphs: list[list[str]] = []
    count = reused = 0
    for article, again in _cycle(pool, rng):
        sentences = list(article.sentences)
        while sentences and count < words:
            size = rng.choices((1, 2, 3), weights=(35, 40, 25))[0]
            paragraph, sentences = sentences[:size], sentences[size:]
            if count + _words(paragraph) > words:  # end on the sentence that reaches the size
                while _words(paragraph[:-1]) + count >= words:
                    paragraph.pop()
            paragraphs.append(paragraph)
            count += _words(paragraph)
            reused += _words(paragraph) if again else 0
        if count >= words:
            return paragraphs, reused
    raise AssertionError("unreachable")


def _words(sentences: Sequence[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)


# --- paraphrase operations -------------------------------------------------------------------


def _words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that open a clause and are lower case unless they start a sentence.
_CLAUSE_START = _words_of(
    "the a an he she they it we his her their its this these there our some many most both all "
    "no police officers officials"
)
_OBJECT_PRONOUN = {"he": "him", "she": "her", "they": "them", "we": "us", "i": "me"}
_NOT_IN_SUBJECT = _words_of(
    "has have had was were is are be been will would could should can may might must not never "
    "also who which that it there this these those what if when while after before in on at as "
    "for with to from of by but so however meanwhile last earlier then"
)
# Past tense -> past participle of verbs that take a direct object (none of them "saw").
_PARTICIPLES = {
    "appointed": "appointed", "approved": "approved", "arrested": "arrested",
    "attacked": "attacked", "attended": "attended", "awarded": "awarded", "backed": "backed",
    "banned": "banned", "beat": "beaten", "bought": "bought", "built": "built",
    "cancelled": "cancelled", "caught": "caught", "charged": "charged", "closed": "closed",
    "completed": "completed", "criticised": "criticised", "damaged": "damaged",
    "defeated": "defeated", "delivered": "delivered", "destroyed": "destroyed",
    "discovered": "discovered", "earned": "earned", "fined": "fined", "found": "found",
    "funded": "funded", "gave": "given", "held": "held", "hired": "hired", "hit": "hit",
    "hosted": "hosted", "injured": "injured", "issued": "issued", "introduced": "introduced",
    "jailed": "jailed", "killed": "killed", "launched": "launched", "led": "led", "lost": "lost",
    "made": "made", "named": "named", "opened": "opened", "organised": "organised",
    "owned": "owned", "passed": "passed", "praised": "praised", "produced": "produced",
    "published": "published", "raised": "raised", "received": "received",
    "recorded": "recorded", "recovered": "recovered", "rejected": "rejected",
    "released": "released", "rescued": "rescued", "sacked": "sacked", "scored": "scored",
    "secured": "secured", "seized": "seized", "set": "set", "signed": "signed", "sold": "sold",
    "stole": "stolen", "struck": "struck", "took": "taken", "visited": "visited", "won": "won",
    "wrote": "written",
}  # fmt: skip
_PERFECT = sorted(set(_PARTICIPLES.values()))
# Words that show the "object" is really the subject of a clause ("confirmed the man died").
_VERB_LIKE = re.compile(
    r"\b(?:\w+ed|is|are|was|were|has|have|had|will|would|could|can|may|might|should|must|did|"
    r"does|do|went|came|said|says|left|told|made|took|got|gave|won|lost|saw|became|began|felt|"
    r"knew|thought|died|ran|fell|rose|grew|kept|met|paid|put|sent|spent|who|which|that|not)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_VOICE = re.compile(
    r"^(?P<subject>[A-Z][\w'&-]*(?: (?!has |have )[\w'&-]+){0,4}) "
    rf"(?:(?P<perfect>has|have) (?P<participle>{'|'.join(_PERFECT)})"
    rf"|(?P<verb>{'|'.join(_PARTICIPLES)})) "
    rf"(?P<object>(?:the|a|an|his|her|their|its|{'|'.join(_NUMBER_WORDS)}) "
    r"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){0,5}?)"
    r"(?P<rest>(?:,? (?:in|on|at|for|with|after|during|from|last|this|over|to|since|before"
    r"|earlier|when|as|under|following|despite|between|against|into|near|outside)\b[^\";:]*)?)"
    r"(?P<end>[.!?])$"
)
_FRONTED = re.compile(
    r"^(?P<clause>(?:After|Before|When|While|Although|Though|Because|Since|If|Despite|During"
    r"|Following|Earlier|Last|In|On|At|Under|Unlike|Until|According to) [^,\";:]{2,80}), "
    r"(?P<main>[^\";:]{12,})(?P<end>[.!?])$"
)
_EMBEDDING = re.compile(r"\b(?:which|that|who|whether|said|says|told|if|unless|than)\b")
_AUXILIARIES = _words_of("have has had is are was were be been will would can could do")
_PREPOSITIONS = _words_of("Despite During Following Earlier Last In On At Under Unlike According")
_TRAILING = re.compile(
    r"^(?P<main>[^,\";:]{12,}?),? (?P<clause>(?:after|before|when|while|although|though"
    r"|because|since|despite|following|according to|until) [^,\";:]{3,80})(?P<end>[.!?])$"
)
_SPLIT = re.compile(r"^(?P<first>[^\";]{25,}?)(?:, (?P<conj>and|but) |; )(?P<second>[^\";]{20,})$")
# This module's own list (not WordNet's): word -> a replacement that fits any context it is in.
SYNONYMS = {
    "said": "stated", "says": "states", "announced": "declared", "believed": "thought",
    "bought": "purchased", "buy": "purchase", "built": "constructed", "big": "large",
    "huge": "enormous", "important": "significant", "difficult": "hard", "quickly": "rapidly",
    "currently": "presently", "approximately": "roughly", "however": "nevertheless",
    "meanwhile": "in the meantime", "also": "additionally", "very": "extremely",
    "really": "truly", "more than": "over", "despite": "in spite of", "because of": "owing to",
    "as well as": "along with", "lots of": "plenty of", "whilst": "while", "amid": "amidst",
    "among": "amongst", "people": "individuals", "children": "youngsters", "car": "vehicle",
    "cars": "vehicles", "shows": "reveals", "showed": "revealed", "allowed": "permitted",
    "needed": "required", "wanted": "wished", "tried": "attempted", "began": "commenced",
    "ended": "concluded", "enough": "sufficient", "several": "a number of", "killed": "slain",
    "died": "passed away", "injured": "hurt", "spokesman": "representative",
    "spokeswoman": "representative", "chief executive": "boss", "match": "game",
    "victory": "win", "manager": "boss", "striker": "forward", "government": "administration",
    "company": "firm", "companies": "firms", "organisation": "body", "customers": "clients",
    "workers": "employees", "money": "funds", "funding": "financing", "scheme": "programme",
    "investigation": "inquiry", "allegations": "claims", "prison": "jail",
    "jailed": "imprisoned", "recently": "lately", "expected": "anticipated",
    "warned": "cautioned", "claimed": "alleged", "revealed": "disclosed",
    "described": "characterised", "officials": "authorities", "residents": "locals",
    "nearly": "almost", "often": "frequently", "previously": "formerly", "main": "principal",
    "problem": "issue", "problems": "issues", "area": "region", "fans": "supporters",
    "team": "squad", "shop": "store", "shops": "stores", "jobs": "posts", "decided": "chose",
    "hospital": "infirmary",
}  # fmt: skip
_SYNONYM = re.compile(
    rf"\b(?:{'|'.join(sorted(SYNONYMS, key=len, reverse=True))})\b", re.IGNORECASE
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first_word(text: str) -> str:
    """Lower-case the first letter if the first word is one that is lower case mid-sentence."""
    word = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if word.lower() in _CLAUSE_START else text


def _starts_clause(text: str) -> bool:
    """Whether ``text`` looks like it opens a clause: a pronoun or determiner, or a capitalised
    name followed by another capitalised word or by something verb-like ("Listen to" is not)."""
    words = text.split()
    if len(words) < 2 or words[0] in {"And", "But", "Or", "So", "Yet", "Then", "Also"}:
        return False
    if words[0].lower() in _CLAUSE_START:
        return True
    return words[0][:1].isupper() and (words[1][:1].isupper() or bool(_VERB_LIKE.match(words[1])))


def clause_reorder(sentence: str) -> str | None:
    """Move a fronted adverbial clause to the end, or a trailing one to the front.

    >>> clause_reorder("After the match, the manager praised his players.")
    'The manager praised his players after the match.'
    >>> clause_reorder("He was taken to hospital after the crash.")
    'After the crash, he was taken to hospital.'
    """
    if match := _FRONTED.match(sentence):
        main, clause = match["main"], match["clause"]
        if not _starts_clause(main) or len(main.split()) < 3:
            return None
        if clause.split()[0] in _PREPOSITIONS and _VERB_LIKE.search(clause):
            return None  # "On the other side is X, a group ..." has no adverbial to move
        return f"{_cap(main)} {clause[:1].lower()}{clause[1:]}{match['end']}"
    if match := _TRAILING.match(sentence):
        main, clause = match["main"], match["clause"]
        if len(main.split()) < 3 or not _starts_clause(main):
            return None
        if main.split()[-1].lower() in _AUXILIARIES or re.search(r" (?:and|but|or) ", clause):
            return None  # "Both companies have | until ...", "before X but it was ..."
        if _EMBEDDING.search(main):
            return None  # "a report which said selling homes | when they become vacant ..."
        return f"{_cap(clause)}, {_lower_first_word(main)}{match['end']}"
    return None


def split(sentence: str) -> str | None:
    """Split at ", and", ", but" or ";" when the second part is a clause of its own.

    >>> split("The club confirmed the deal on Monday, and the player will join next week.")
    'The club confirmed the deal on Monday. The player will join next week.'
    """
    parts = split_parts(sentence)
    return " ".join(parts) if parts else None


def split_parts(sentence: str) -> tuple[str, str] | None:
    """The two sentences :func:`split` makes, or None."""
    match = _SPLIT.match(sentence)
    if not match or match["first"][-1] in ".!?" or sentence[-1] not in ".!?":
        return None
    second = match["second"]
    if len(second.split()) < 5 or not _starts_clause(second):
        return None
    if not _VERB_LIKE.search(match["first"]):
        return None  # a list ("from Exeter and Reading, and Brazil's ..."), not two clauses
    if match["conj"] == "but":
        return f"{match['first']}.", f"But {second}"
    return f"{match['first']}.", _cap(second)


def merge(first: str, second: str) -> str | None:
    """Join two sentences with ", and" (or ", but" before "But"/"However,").

    >>> merge("The museum closed in 2009.", "It reopened last year.")
    'The museum closed in 2009, and it reopened last year.'
    """
    if '"' in first + second or not first.endswith(".") or len((first + second).split()) > 45:
        return None
    head = first[:-1]
    for opener in ("But ", "However, "):
        if second.startswith(opener):
            return f"{head}, but {second[len(opener) :]}"
    if not _starts_clause(second) or second.startswith(("And ", "Also ")):
        return None
    return f"{head}, and {_lower_first_word(second)}"


def voice(sentence: str) -> str | None:
    """Active to passive on plain "Subject (has) verbed the object ..." sentences.

    >>> voice("The council approved the plans on Tuesday.")
    'The plans were approved by the council on Tuesday.'
    >>> voice("He has signed a new contract.")
    'A new contract has been signed by him.'
    >>> voice("The club confirmed the player died in hospital.") is None
    True
    """
    match = _VOICE.match(sentence)
    if not match or _VERB_LIKE.search(match["object"]):
        return None
    subject, obj = match["subject"], match["object"]
    words = subject.lower().split()
    if set(words) & _NOT_IN_SUBJECT:
        return None
    possessive = obj.split()[0].lower() in {"his", "her", "their", "its"}
    if len(words) == 1 and words[0] in _OBJECT_PRONOUN:
        agent = _OBJECT_PRONOUN[words[0]]
    elif possessive:
        return None  # "Its site was closed by Sanofi": the pronoun would come before its noun
    elif words[0] in {"you", "i", "she", "he", "they", "we"}:
        return None
    else:
        agent = _lower_first_word(subject)
    head, determiner = obj.split()[-1].lower(), obj.split()[0].lower()
    plural = determiner in _NUMBER_WORDS
    if determiner not in {"a", "an"} and not plural:
        plural = head.endswith("s") and not head.endswith(("ss", "us", "is", "ics", "news"))
    if match["perfect"]:
        verb = f"{'have' if plural else 'has'} been {match['participle']}"
    else:
        verb = f"{'were' if plural else 'was'} {_PARTICIPLES[match['verb']]}"
    return f"{_cap(obj)} {verb} by {agent}{match['rest']}{match['end']}"


def substitution(sentence: str) -> str | None:
    """Replace up to two words outside quotes from :data:`SYNONYMS`, keeping capitals.

    >>> substitution("However, the company said it needed more money.")
    'Nevertheless, the firm said it needed more money.'
    """
    matches = [
        match
        for match in _SYNONYM.finditer(sentence)
        if not sentence.count('"', 0, match.start()) % 2 and not match[0].isupper()
    ]
    # "said" is in most news sentences: change it only when nothing else is there to change.
    chosen = sorted(matches, key=lambda m: (m[0].lower() in {"said", "says"}, m.start()))[:2]
    out, last = [], 0
    for match in sorted(chosen, key=lambda m: m.start()):
        word, replacement = match[0], SYNONYMS[match[0].lower()]
        out += [
            sentence[last : match.start()],
            _cap(replacement) if word[0].isupper() else replacement,
        ]
        last = match.end()
    return "".join([*out, sentence[last:]]) if chosen else None


SINGLE_OPERATIONS: dict[str, Callable[[str], str | None]] = {
    "clause_reorder": clause_reorder,
    "split": split,
    "voice": voice,
    "substitution": substitution,
}


# --- pairs -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TruthSpan:
    """Where one stretch of the derivative comes from.

    ``origin``: ``copied`` (verbatim source sentence), ``paraphrased`` (``operation`` says how),
    ``inserted`` (unrelated text), ``filler`` or ``needle`` (needle case). ``source``: the
    source character ranges it was made from. ``moved``: its paragraph was moved.
    """

    start: int
    end: int
    origin: str
    operation: str | None = None
    source: tuple[tuple[int, int], ...] = ()
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Pair:
    """A source, a derivative, the truth for every derivative sentence and what was deleted."""

    name: str
    source: str
    derivative: str
    truth: tuple[TruthSpan, ...]
    deleted: tuple[tuple[int, int], ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)

    def origin_at(self, offset: int) -> TruthSpan | None:
        """The truth span containing derivative offset ``offset`` (None between sentences)."""
        low, high = 0, len(self.truth)
        while low < high:
            middle = (low + high) // 2
            if self.truth[middle].end <= offset:
                low = middle + 1
            else:
                high = middle
        if low < len(self.truth) and self.truth[low].start <= offset:
            return self.truth[low]
        return None


@dataclass(slots=True)
class _Sentence:
    text: str
    origin: str
    operation: str | None = None
    source: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class _Paragraph:
    sentences: list[_Sentence]
    moved: bool = False


def _layout(paragraphs: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """Sentences joined by spaces, paragraphs by blank lines; the offsets of every sentence."""
    parts, offsets, position = [], [], 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            parts.append("\n\n")
            position += 2
        spans = []
        for index, sentence in enumerate(paragraph):
            if index:
                parts.append(" ")
                position += 1
            parts.append(sentence)
            spans.append((position, position + len(sentence)))
            position += len(sentence)
        offsets.append(spans)
    return "".join(parts), offsets


class _Builder:
    """Turns source paragraphs into derivative paragraphs, counting what it did."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.operations: Counter[str] = Counter()
        self.fates: Counter[str] = Counter()
        self.deleted: list[tuple[int, int]] = []
        self.owed = 0

    def paragraph(self, sentences: Sequence[str], spans: Sequence[tuple[int, int]]) -> _Paragraph:
        """Copy, paraphrase or delete each sentence. A paraphrase drawn for a sentence no
        operation fits (a quotation, say) is owed, and paid by a later sentence drawn to be
        copied, so the shares stay near ``COPY`` and ``PARAPHRASE``."""
        out: list[_Sentence] = []
        index = 0
        while index < len(sentences):
            draw = self.rng.random()
            if draw < COPY + PARAPHRASE:
                wanted = draw >= COPY or self.owed > 0
                after = self._paraphrase(sentences, spans, index, out) if wanted else None
                if after is not None:
                    self.owed -= draw < COPY
                    index = after
                    continue
                self.owed += draw >= COPY
                out.append(_Sentence(sentences[index], "copied", None, (spans[index],)))
                self.fates["copied"] += 1
            else:
                self.deleted.append(spans[index])
                self.fates["deleted"] += 1
            index += 1
        return _Paragraph(out)

    def _paraphrase(
        self,
        sentences: Sequence[str],
        spans: Sequence[tuple[int, int]],
        index: int,
        out: list[_Sentence],
    ) -> int | None:
        """Apply the least used operation that fits and return the next index; None if none
        fits."""
        sentence = sentences[index]
        if _COMMENTARY.match(sentence):
            return None  # live match commentary ("Substitution, Blackpool.") stays as it is
        candidates = {name: op(sentence) for name, op in SINGLE_OPERATIONS.items()}
        if _RUN_ON.search(sentence):  # two sentences the splitter kept together: words only
            candidates = {"substitution": candidates["substitution"]}
        elif index + 1 < len(sentences) and not _COMMENTARY.match(sentences[index + 1]):
            candidates["merge"] = merge(sentence, sentences[index + 1])
        fitting = [name for name in OPERATIONS if candidates.get(name) not in (None, sentence)]
        if not fitting:
            return None
        self.rng.shuffle(fitting)
        name = min(fitting, key=lambda op: self.operations[op])
        text = candidates[name]
        assert text is not None
        self.operations[name] += 1
        used = 2 if name == "merge" else 1
        self.fates["paraphrased"] += used
        source = tuple(spans[index : index + used])
        if name == "split":
            first, second = split_parts(sentence) or ("", "")
            out += [_Sentence(first, "paraphrased", name, source)]
            out += [_Sentence(second, "paraphrased", name, source)]
        else:
            out.append(_Sentence(text, "paraphrased", name, source))
        return index + used

    def move(self, paragraphs: list[_Paragraph]) -> None:
        """Move ``MOVED`` of the paragraphs, each to a new random position."""
        for paragraph in self.rng.sample(paragraphs, round(MOVED * len(paragraphs))):
            origin = next(i for i, other in enumerate(paragraphs) if other is paragraph)
            paragraphs.pop(origin)
            target = origin
            while target == origin and len(paragraphs) > 1:
                target = self.rng.randrange(len(paragraphs) + 1)
            paragraph.moved = True
            paragraphs.insert(target, paragraph)

    def insert(self, paragraphs: list[_Paragraph], pool: Sequence[Article]) -> int:
        """Add passages of 1-3 consecutive pool sentences until they are ``INSERTED`` of the
        words: 60 % as paragraphs of their own, 40 % inside an existing paragraph."""
        words = sum(_words([s.text for s in p.sentences]) for p in paragraphs)
        target = round(INSERTED * words / (1 - INSERTED))
        added = reused = 0
        articles = _cycle(pool, self.rng)
        queue: list[str] = []
        while added < target:
            if not queue:
                article, again = next(articles)
                queue = list(article.sentences)
            size = self.rng.choice((1, 2, 3))
            passage, queue = queue[:size], queue[size:]
            reused += _words(passage) if again else 0
            added += _words(passage)
            sentences = [_Sentence(text, "inserted") for text in passage]
            if self.rng.random() < 0.6 or not paragraphs:
                paragraphs.insert(self.rng.randrange(len(paragraphs) + 1), _Paragraph(sentences))
            else:
                host = paragraphs[self.rng.randrange(len(paragraphs))].sentences
                at = self.rng.randrange(len(host) + 1)
                host[at:at] = sentences
        return reused


def _assemble(paragraphs: Sequence[_Paragraph]) -> tuple[str, tuple[TruthSpan, ...]]:
    text, offsets = _layout([[s.text for s in p.sentences] for p in paragraphs])
    truth = tuple(
        TruthSpan(start, end, sentence.origin, sentence.operation, sentence.source, p.moved)
        for p, spans in zip(paragraphs, offsets, strict=True)
        for sentence, (start, end) in zip(p.sentences, spans, strict=True)
    )
    return text, truth


def synthetic_pair(articles: Sequence[Article], words: int, *, seed: int = SEED) -> Pair:
    """A source of ``words`` words (ending on a whole sentence) and its derivative, with truth."""
    rng = random.Random(f"{seed}:{words}")
    pool = pools(articles, seed=seed)
    source_paragraphs, reused_source = _draw(pool.source, words, rng)
    source, offsets = _layout(source_paragraphs)
    builder = _Builder(rng)
    derivative_paragraphs = [
        paragraph
        for sentences, spans in zip(source_paragraphs, offsets, strict=True)
        if (paragraph := builder.paragraph(sentences, spans)).sentences
    ]
    derived = len(derivative_paragraphs)
    builder.move(derivative_paragraphs)
    reused_inserted = builder.insert(derivative_paragraphs, pool.inserted)
    derivative, truth = _assemble(derivative_paragraphs)
    by_origin: Counter[str] = Counter()
    for span in truth:
        by_origin[span.origin] += len(derivative[span.start : span.end].split())
    stats = {
        "source_words": len(source.split()),
        "derivative_words": len(derivative.split()),
        "derivative_words_by_origin": dict(sorted(by_origin.items())),
        "source_sentences": sum(len(p) for p in source_paragraphs),
        "fates": dict(sorted(builder.fates.items())),
        "operations": {name: builder.operations[name] for name in OPERATIONS},
        "derived_paragraphs": derived,
        "moved_paragraphs": sum(p.moved for p in derivative_paragraphs),
        "reused": {"source": reused_source, "inserted": reused_inserted},
        "pools": {"source": len(pool.source), "inserted": len(pool.inserted)},
    }
    return Pair(
        f"synthetic-{_label(words)}", source, derivative, truth, tuple(builder.deleted), stats
    )


def needle_pair(
    articles: Sequence[Article],
    filler_words: int,
    *,
    seed: int = SEED,
    pair_dir: Path | None = None,
) -> Pair:
    """The example pair inside ``filler_words`` words of unrelated filler on each side.

    The filler differs between the sides (disjoint halves of the articles); the pair sits a
    third of the way into the source side and two thirds into the derivative side.
    """
    raw = Path(pair_dir or paths.DATA_RAW)
    needle = [load_document(raw / name).text.strip() for name in ("source.txt", "derivative.txt")]
    rng = random.Random(f"{seed}:needle:{filler_words}")
    sides, reused = [], 0
    halves = filler_pools(articles, seed=seed)
    for pool, where, text in zip(halves, (1 / 3, 2 / 3), needle, strict=True):
        paragraphs, again = _draw(pool, filler_words, rng)
        reused += again
        at = round(where * len(paragraphs))
        sides.append((paragraphs[:at], text, paragraphs[at:]))
    (source, source_range), (derivative, derivative_range) = (_with_needle(*s) for s in sides)
    truth = _needle_truth(derivative, sides[1], source_range, derivative_range)
    stats = {
        "source_words": len(source.split()),
        "derivative_words": len(derivative.split()),
        "filler_words": filler_words,
        "needle_source": list(source_range),
        "needle_derivative": list(derivative_range),
        "reused": {"filler": reused},
    }
    return Pair(f"needle-{_label(filler_words)}", source, derivative, truth, (), stats)


def _with_needle(
    before: Sequence[Sequence[str]], needle: str, after: Sequence[Sequence[str]]
) -> tuple[str, tuple[int, int]]:
    head, _ = _layout(before)
    tail, _ = _layout(after)
    start = len(head) + 2 if head else 0
    text = "\n\n".join(part for part in (head, needle, tail) if part)
    return text, (start, start + len(needle))


def _needle_truth(
    derivative: str,
    side: tuple[Sequence[Sequence[str]], str, Sequence[Sequence[str]]],
    source_range: tuple[int, int],
    derivative_range: tuple[int, int],
) -> tuple[TruthSpan, ...]:
    """Filler sentences and the needle block, located in the derivative in order."""
    before, _, after = side
    spans, position = [], 0
    for paragraph in before:
        for sentence in paragraph:
            position = derivative.index(sentence, position)
            spans.append(TruthSpan(position, position + len(sentence), "filler"))
            position += len(sentence)
    spans.append(TruthSpan(*derivative_range, "needle", None, (source_range,)))
    position = derivative_range[1]
    for paragraph in after:
        for sentence in paragraph:
            position = derivative.index(sentence, position)
            spans.append(TruthSpan(position, position + len(sentence), "filler"))
            position += len(sentence)
    return tuple(spans)


def _label(words: int) -> str:
    return f"{words // 1000}k" if words % 1000 == 0 else str(words)


def parse_size(text: str) -> int:
    """``"10k"`` → 10000, ``"1500"`` → 1500.

    >>> [parse_size(s) for s in ("1k", "200k", "1.5k", "750")]
    [1000, 200000, 1500, 750]
    """
    value = text.strip().lower()
    size = round(float(value[:-1]) * 1000) if value.endswith("k") else int(value)
    if size < 1:
        raise ValueError(f"{text!r}: a size must be a positive number of words")
    return size
