"""What a business card says: the OCR'd lines of a card -> name, title, organisation, email,
phone, address and website, each with a confidence (OCR confidence x how sure the rule is).

Pure: the lines come from adapters/ocr.py. phonenumbers, email-validator and nameparser are
pure libraries, imported lazily as in values.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from followup.domain.vocabulary import TITLE_WORDS

FIELDS = ("name", "title", "organisation", "email", "phone", "address", "website")

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One line of text as the OCR read it, with its confidence (0-1) and corner points."""

    text: str
    confidence: float
    box: tuple[Point, ...] = ()

    @property
    def height(self) -> float:
        ys = [y for _, y in self.box]
        return max(ys) - min(ys) if ys else 0.0

    @property
    def top(self) -> float:
        return min((y for _, y in self.box), default=0.0)


@dataclass(frozen=True, slots=True)
class Field:
    value: str
    confidence: float


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


COMPANY_SUFFIXES = _vocabulary(
    """gmbh ltd ltd. limited inc inc. llc llp ag sa s.a. sas sarl bv b.v. nv plc corp corp.
    co co. kg srl s.l. sl oy ab as aps group holdings labs technologies solutions systems
    consulting partners ventures studio studios bank"""
)
STREET_WORDS = _vocabulary(
    """street st st. road rd rd. avenue ave ave. lane ln boulevard blvd way drive dr square
    place court ct row hill rue allee allée weg platz gasse ring via calle plaza strasse
    straße str. kade gracht laan straat"""
)
_STREET_SUFFIX = re.compile(r"(stra(ss|ß|b)e|str\.|weg|platz|gasse|allee|straat|laan)\b", re.I)
_POSTCODE = re.compile(
    r"\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}"  # UK
    r"|\d{4,5}\s+[A-ZÀ-Ý][\w\-]+"  # DE/FR/ES/NL/... 10117 Berlin
    r"|\d{4}\s?[A-Z]{2}\s+[A-Z][\w\-]+"  # NL 1017 AB Amsterdam
    r"|[A-Z]{2}\s+\d{5}(-\d{4})?)\b"  # US CA 94105
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(
    r"\b((?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?:/\S*)?)",
    re.I,
)
_LABEL = re.compile(
    r"^\s*(?:e-?mail|mail|e|t|tel|phone|m|mob|mobile|cell|w|web|p|ph|office|direct|fax|f)"
    r"(?:\s*[:.]\s*|\s+|(?=[+(\d]))",
    re.I,
)
_GLUED_EMAIL_LABEL = re.compile(r"^(?:E-?mail|E)\s*:?\s*(?=[a-z0-9][a-z0-9._%+\-]*@)")
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_PART = rf"[{_UPPER}](?:['’][{_UPPER}])?[{_LOWER}'’]+"
_NAME_WORD = re.compile(rf"^{_NAME_PART}(?:-{_NAME_PART})*\.?$")
_PARTICLES = _vocabulary("van von der de den du da di del della la le bin al ter ten")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w.&'’-]+", text.lower())


def fold(text: str) -> str:
    """Lower case without accents or non-letters: for comparing a name with an address."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _unlabel(text: str) -> str:
    return _LABEL.sub("", text, count=1)


def respace(text: str) -> str:
    """Put back the spaces the OCR tends to drop: SoftwareEngineer, SystemsAG, 14Wharf,
    CA94105, DVAmsterdam, Headof."""
    text = re.sub(r"\s*&\s*", " & ", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", text)
    text = re.sub(r"(?<=[a-z]{2})(?=[A-Z]{2,}\b)", " ", text)
    text = re.sub(r"(?<=\d)(?=[A-Z][a-z]|[A-Z]{2}[A-Z][a-z])", " ", text)
    text = re.sub(r"(?<=\b[A-Z]{2})(?=\d{5}\b)", " ", text)
    text = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2,})", " ", text)
    text = re.sub(
        r"\b(\w+?)(of|and|for)\b",
        lambda m: f"{m[1]} {m[2]}" if m[1].lower() in TITLE_WORDS else m[0],
        text,
    )
    return _clean(text)


# -- email and website -------------------------------------------------------------------


def _email_candidates(text: str) -> str:
    """Undo common OCR slips: spaces around @ and dots, ',' for '.', '(at)' for '@'."""
    fixed = re.sub(r"\s*[\(\[]at[\)\]]\s*", "@", text.strip(), flags=re.I)
    fixed = _GLUED_EMAIL_LABEL.sub("", re.sub(r"\s*@\s*", "@", fixed))
    if "@" in fixed:
        local, _, domain = fixed.partition("@")
        domain = re.sub(r"\s*[,;]\s*(?=[A-Za-z]{2,})", ".", domain)
        domain = re.sub(r"\s*\.\s*", ".", domain)
        domain = domain.replace("!", "l")  # '!' read for a final l (.nl)
        local = re.sub(r"\s*\.\s*(?=\S*$)", ".", local)
        fixed = f"{local}@{domain}"
    return fixed


def _email(lines: Sequence[OcrLine]) -> tuple[Field, OcrLine] | None:
    from email_validator import EmailNotValidError, validate_email

    for line in lines:
        fixed = _email_candidates(line.text)
        match = _EMAIL.search(fixed)
        if not match:
            continue
        candidate = match.group(0).strip(".-")
        local, _, domain = candidate.partition("@")
        if local[1:].islower() and "I" in local:  # I read for l in a lower-case address
            candidate = f"{local.replace('I', 'l')}@{domain}"
        candidate = candidate.lower()  # addresses on cards are matched case-insensitively
        try:
            valid = validate_email(candidate, check_deliverability=False, test_environment=True)
        except EmailNotValidError:
            continue
        certainty = 1.0 if candidate in line.text else 0.85
        return Field(str(valid.normalized), line.confidence * certainty), line
    return None


def _website(lines: Sequence[OcrLine], email_domain: str | None) -> tuple[Field, OcrLine] | None:
    for line in lines:
        if "@" in line.text:
            continue
        text = re.sub(r"\s*[,]\s*(?=[a-z]{2,}\b)", ".", _unlabel(line.text), flags=re.I)
        match = _URL.search(text)
        if not match:
            continue
        url = match.group(1).rstrip(".,;").lower()
        host = re.sub(r"^(https?://)?(www\.)?", "", url).split("/")[0]
        sure = url.startswith(("www.", "http")) or (
            email_domain is not None and host == email_domain
        )
        if not sure and not re.search(r"\.(com|org|net|io|co|de|fr|nl|es|uk|eu|ch|at)\b", host):
            continue
        return Field(url, line.confidence * (1.0 if sure else 0.7)), line
    return None


# -- phone -------------------------------------------------------------------------------

_DIGIT_SLIPS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"})


def _digits_fixed(text: str) -> str:
    """Letters the OCR reads for digits (O for 0, l for 1), where digits surround them."""
    return re.sub(
        r"(?<=[\d\s()+-])[OolI|S](?=[\d\s()-])", lambda m: m.group(0).translate(_DIGIT_SLIPS), text
    )


def _phone(lines: Sequence[OcrLine], region: str | None) -> tuple[Field, OcrLine] | None:
    import phonenumbers

    found: list[tuple[float, Field, OcrLine]] = []
    for line in lines:
        if "@" in line.text or re.match(r"^\s*f(ax)?\s*[:.]", line.text, re.I):
            continue
        text = _digits_fixed(_unlabel(line.text))
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            value = phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            certainty = 1.0 if text == _unlabel(line.text) else 0.85
            found.append(
                (line.confidence * certainty, Field(value, line.confidence * certainty), line)
            )
            break
    if not found:
        return None
    _, best, line = found[0]
    return best, line


# -- name, title, organisation, address --------------------------------------------------


def _title_like(text: str) -> bool:
    return any(w.strip(".,&") in TITLE_WORDS for w in _words(text))


def _company_like(text: str) -> bool:
    words = [w.strip(",") for w in _words(text)]
    return any(w in COMPANY_SUFFIXES for w in words[1:])


def _address_like(text: str) -> bool:
    words = [w.strip(",") for w in _words(text)]
    has_number = bool(re.search(r"\d", text))
    street = any(w in STREET_WORDS for w in words) or bool(_STREET_SUFFIX.search(text))
    return (street and has_number) or bool(_POSTCODE.search(text))


def _name_text(text: str) -> str:
    """The line as a name: spaces put back in a run-together one, initials capitalised."""
    words = _clean(text).split()
    if len(words) == 1:
        words = respace(words[0]).split()
    return " ".join(
        w if w.lower() in _PARTICLES or not w[:1].islower() else w[:1].upper() + w[1:]
        for w in words
    )


def _name_score(line: OcrLine, email_local: str | None, tallest: float) -> float:
    """0 when the line cannot be a name; higher the more name-like it is."""
    text = _name_text(line.text)
    if re.search(r"[\d@/:]", text) or _title_like(text) or _company_like(text):
        return 0.0
    words = text.split()
    if not 2 <= len(words) <= 4:
        return 0.0
    if not all(_NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words):
        return 0.0
    score = 0.6 + 0.3 * (line.height / tallest if tallest else 0)
    if email_local:
        folded = [fold(w) for w in re.split(r"[\s-]+", text) if fold(w)]
        hits = sum(1 for w in folded if len(w) > 1 and w in email_local)
        score += 0.4 * hits / len(folded) if folded else 0
    return score


def _name(lines: Sequence[OcrLine], email_local: str | None) -> tuple[Field, OcrLine] | None:
    from nameparser import HumanName

    tallest = max((line.height for line in lines), default=0.0)
    scored = [(_name_score(line, email_local, tallest), line) for line in lines]
    scored = [(s, line) for s, line in scored if s > 0]
    if not scored:
        return None
    score, line = max(scored, key=lambda pair: pair[0])
    value = _name_text(line.text)
    parsed = HumanName(value)
    certainty = min(1.0, score) * (1.0 if parsed.first and parsed.last else 0.6)
    return Field(value, line.confidence * certainty), line


def _title(lines: Sequence[OcrLine]) -> tuple[Field, OcrLine] | None:
    for line in lines:
        text = respace(line.text)
        if _title_like(text) and not re.search(r"[\d@]", text) and not _company_like(text):
            return Field(text, line.confidence * 0.9), line
    return None


def _organisation(
    lines: Sequence[OcrLine], email_domain: str | None
) -> tuple[Field, OcrLine] | None:
    for line in lines:
        if _company_like(respace(line.text)) and "@" not in line.text:
            return Field(respace(line.text), line.confidence * 0.95), line
    label = fold(email_domain.split(".")[0]) if email_domain else ""
    for line in lines:
        if label and fold(line.text) == label:
            return Field(respace(line.text), line.confidence * 0.85), line
    plain = [line for line in lines if not re.search(r"[\d@]", line.text)]
    if plain:
        line = max(plain, key=lambda candidate: candidate.height)
        return Field(respace(line.text), line.confidence * 0.5), line
    return None


def _address(lines: Sequence[OcrLine]) -> tuple[Field, list[OcrLine]] | None:
    parts = [line for line in lines if "@" not in line.text and _address_like(respace(line.text))]
    if not parts:
        return None
    value = ", ".join(respace(_unlabel(line.text)).strip(", ") for line in parts)
    confidence = min(line.confidence for line in parts) * 0.85
    return Field(value, confidence), parts


def _agree_on_domain(found: dict[str, Field]) -> None:
    """The email's domain and the website's host are usually one name read twice: when they
    differ by a misread letter (kestrei/kestrel), keep the reading the organisation spells."""
    email, website = found.get("email"), found.get("website")
    organisation = fold(found["organisation"].value) if "organisation" in found else ""
    if email is None or website is None or not organisation:
        return
    local, _, domain = email.value.partition("@")
    host = re.sub(r"^(https?://)?(www\.)?", "", website.value).split("/")[0]
    if domain == host or len(domain) != len(host):
        return
    if fold(host.split(".")[0]) in organisation and fold(domain.split(".")[0]) not in organisation:
        found["email"] = Field(f"{local}@{host}", email.confidence * 0.9)
    elif (
        fold(domain.split(".")[0]) in organisation and fold(host.split(".")[0]) not in organisation
    ):
        found["website"] = Field(website.value.replace(host, domain), website.confidence * 0.9)


# -- the whole card ----------------------------------------------------------------------


def extract(lines: Sequence[OcrLine], default_region: str | None = None) -> dict[str, Field]:
    """The fields found on a card, read top to bottom; a field not found is left out."""
    remaining = sorted((line for line in lines if line.text.strip()), key=lambda line: line.top)
    found: dict[str, Field] = {}

    def take(name: str, result: tuple[Field, OcrLine] | None) -> None:
        if result is not None:
            found[name] = result[0]
            remaining.remove(result[1])

    take("email", _email(remaining))
    email = found.get("email")
    local, _, domain = email.value.lower().partition("@") if email else ("", "", "")
    take("website", _website(remaining, domain or None))
    take("phone", _phone(remaining, default_region))
    address = _address(remaining)
    if address is not None:
        found["address"] = address[0]
        for line in address[1]:
            remaining.remove(line)
    take("name", _name(remaining, fold(local) or None))
    take("title", _title(remaining))
    take("organisation", _organisation(remaining, domain or None))
    _agree_on_domain(found)
    return {name: found[name] for name in FIELDS if name in found}
