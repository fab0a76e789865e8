"""PDF/X-4 (ISO 15930-7:2010) for the print PDF: make a PDF conform, and check that it does.

:func:`conform` turns the print PDF (the reading PDF with bleed, :mod:`.bleed`) into a
PDF/X-4 file, in the open ``pikepdf.Pdf`` before it is saved:

* an output intent (``/S /GTS_PDFX``) whose ``DestOutputProfile`` is a CMYK output
  (``prtr``) profile, :data:`OUTPUT_PROFILE`; PDF/X requires an output device profile, so
  an sRGB (``mntr``) profile cannot be the output intent;
* the pages' RGB colours made device independent: every resource dictionary gets a
  ``DefaultRGB`` colour space (``ICCBased``, :data:`RGB_PROFILE`), and images, shadings
  and transparency groups in ``DeviceRGB`` name that ``ICCBased`` space directly;
  DeviceRGB is otherwise allowed only with an RGB output intent;
* identification: ``GTS_PDFXVersion`` in the document information and
  ``pdfxid:GTS_PDFXVersion`` in the XMP, ``Trapped`` False, ``xmpMM`` DocumentID,
  InstanceID, VersionID and RenditionClass, all derived from the content, so that the
  same input gives the same file;
* PDF version 1.6, the version PDF/X-4 is based on (set when saving: :data:`PDF_VERSION`).

:func:`check` tests the main clauses of the standard on any PDF file and returns what
fails, in words; it is what the tests and ``booklet preflight`` run. It is structural:
it does not render, and is no substitute for a certified validator (see the README).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf

#: The vendored profiles (see ``data/icc/README.md`` for their sources and licences).
ICC_DIR = Path(__file__).resolve().parent.parent / "data" / "icc"
OUTPUT_PROFILE = ICC_DIR / "artifex-cmyk-swop.icc"
RGB_PROFILE = ICC_DIR / "sRGB2014.icc"
#: How the output intent names its printing condition (not a registered one: Custom).
OUTPUT_CONDITION = "CMYK offset printing on coated paper (SWOP-like)"
OUTPUT_INFO = "Artifex CMYK SWOP Profile (GhostPDL default_cmyk.icc)"
PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"
#: Namespace for deriving the document's identifiers from its name (uuid5).
ID_NAMESPACE = uuid.UUID("1b0c1e5e-20ab-4a0c-9d19-5f3c2f1a1990")


@dataclass(frozen=True)
class Identity:
    """What names one print file: *key* stays the same across editions of a document
    (DocumentID), *content* changes with every different file (InstanceID)."""

    key: str
    content: bytes


def conform(pdf: pikepdf.Pdf, identity: Identity) -> None:
    """Make *pdf* a PDF/X-4 file (see the module docstring); save with
    ``force_version=PDF_VERSION``."""
    rgb = pdf.make_stream(RGB_PROFILE.read_bytes(), N=3, Alternate=pikepdf.Name.DeviceRGB)
    rgb_space = pdf.make_indirect(pikepdf.Array([pikepdf.Name.ICCBased, rgb]))
    _device_independent(pdf, rgb_space)
    _output_intent(pdf)
    _identify(pdf, identity)


def _device_independent(pdf: pikepdf.Pdf, rgb_space: pikepdf.Object) -> None:
    for page in pdf.pages:
        if "/Resources" not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
    for obj in list(pdf.objects):
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        for key in ("/ColorSpace", "/CS"):
            if obj.get(key) == pikepdf.Name.DeviceRGB:
                obj[key] = rgb_space
        if "/Resources" in obj:
            _default_rgb(obj.Resources, rgb_space)
        if obj.get("/Type") == pikepdf.Name.Page and "/Group" in obj:
            group = obj.Group
            if group.get("/CS") == pikepdf.Name.DeviceRGB:
                group.CS = rgb_space


def _default_rgb(resources: pikepdf.Object, rgb_space: pikepdf.Object) -> None:
    if not isinstance(resources, pikepdf.Dictionary):
        return
    spaces = resources.get("/ColorSpace")
    if spaces is None:
        resources.ColorSpace = spaces = pikepdf.Dictionary()
    for name in list(spaces.keys()):
        if spaces[name] == pikepdf.Name.DeviceRGB:
            spaces[name] = rgb_space
    spaces.DefaultRGB = rgb_space


def _output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(OUTPUT_PROFILE.read_bytes(), N=4,
                              Alternate=pikepdf.Name.DeviceCMYK)
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String("Custom"),
        OutputCondition=pikepdf.String(OUTPUT_CONDITION),
        Info=pikepdf.String(OUTPUT_INFO), DestOutputProfile=profile)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


def identifiers(identity: Identity) -> tuple[str, str]:
    """(DocumentID, InstanceID) as ``uuid:`` URNs, derived from *identity* alone."""
    document = uuid.uuid5(ID_NAMESPACE, identity.key)
    instance = uuid.uuid5(document, hashlib.sha256(identity.content).hexdigest())
    return f"uuid:{document}", f"uuid:{instance}"


def _identify(pdf: pikepdf.Pdf, identity: Identity) -> None:
    pdf.docinfo[pikepdf.Name.GTS_PDFXVersion] = pikepdf.String(PDFX_VERSION)
    pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.Name("/False")
    document, instance = identifiers(identity)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfxid:GTS_PDFXVersion"] = PDFX_VERSION
        meta["pdf:Trapped"] = "False"
        meta["xmpMM:DocumentID"] = document
        meta["xmpMM:InstanceID"] = instance
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
        created = meta.get("xmp:CreateDate")
        if created:
            meta["xmp:MetadataDate"] = meta.get("xmp:ModifyDate") or created


# ------------------------------------------------------------------------------ checks

#: Action types PDF/X-4 does not allow (ISO 15930-7, 6.6).
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData",
                     "/JavaScript", "/Hide", "/SetOCGState", "/Rendition", "/Trans",
                     "/GoTo3DView"}
#: Annotations allowed inside the bleed box: they never print (Link) or are for the press.
PRESS_ANNOTATIONS = {"/Link", "/TrapNet", "/PrinterMark"}


def check(path: Path) -> list[str]:
    """The PDF/X-4 clauses *path* fails, one sentence each (empty: it passes)."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["the file is encrypted (PDF/X forbids encryption)"]
    except pikepdf.PdfError as exc:
        return [f"not a readable PDF: {exc}"]
    with pdf:
        problems = [*_check_document(pdf), *_check_metadata(pdf), *_check_output_intent(pdf)]
        rgb_intent = _intent_space(pdf) == b"RGB "
        for number, page in enumerate(pdf.pages, start=1):
            problems += [f"page {number}: {p}" for p in _check_page(page)]
        problems += _check_objects(pdf, rgb_intent)
    return problems


def _check_document(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        problems.append("the file is encrypted (PDF/X forbids encryption)")
    if "/ID" not in pdf.trailer:
        problems.append("the trailer has no /ID")
    if float(pdf.pdf_version) > float(PDF_VERSION):
        problems.append(f"PDF version {pdf.pdf_version} (PDF/X-4 is PDF {PDF_VERSION} at most)")
    info = pdf.docinfo
    if not str(info.get("/Title", "")).strip():
        problems.append("the document information has no Title")
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            problems.append(f"the document information has no {key[1:]}")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        problems.append("Trapped is not True or False in the document information")
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/EmbeddedFiles" in names:
        problems.append("the file has embedded files")
    if "/AA" in pdf.Root or "/AcroForm" in pdf.Root and "/XFA" in pdf.Root.AcroForm:
        problems.append("the catalog has additional actions or an XFA form")
    return problems


def _check_metadata(pdf: pikepdf.Pdf) -> list[str]:
    if "/Metadata" not in pdf.Root:
        return ["no XMP metadata stream"]
    meta = pdf.open_metadata()
    problems = []
    if meta.get("pdfxid:GTS_PDFXVersion") != PDFX_VERSION:
        problems.append(f"XMP pdfxid:GTS_PDFXVersion is not {PDFX_VERSION!r}")
    for key in ("xmp:CreateDate", "xmp:ModifyDate", "dc:title", "xmpMM:DocumentID",
                "xmpMM:VersionID", "xmpMM:RenditionClass"):
        if not meta.get(key):
            problems.append(f"XMP has no {key}")
    if meta.get("pdf:Trapped") not in ("True", "False"):
        problems.append("XMP pdf:Trapped is not True or False")
    return problems


def _intent(pdf: pikepdf.Pdf) -> pikepdf.Object | None:
    intents = pdf.Root.get("/OutputIntents", pikepdf.Array())
    found = [i for i in intents if i.get("/S") == pikepdf.Name.GTS_PDFX]
    return found[0] if len(found) == 1 else None


def _intent_space(pdf: pikepdf.Pdf) -> bytes:
    intent = _intent(pdf)
    if intent is None or "/DestOutputProfile" not in intent:
        return b""
    return bytes(intent.DestOutputProfile.read_bytes()[16:20])


def _check_output_intent(pdf: pikepdf.Pdf) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", pikepdf.Array())
               if i.get("/S") == pikepdf.Name.GTS_PDFX]
    if len(intents) != 1:
        return [f"{len(intents)} GTS_PDFX output intents (exactly one is required)"]
    intent = intents[0]
    problems = []
    if not str(intent.get("/OutputConditionIdentifier", "")):
        problems.append("the output intent has no OutputConditionIdentifier")
    if "/DestOutputProfile" not in intent:
        if "/DestOutputProfileRef" not in intent:
            problems.append("the output intent embeds no ICC profile (DestOutputProfile)")
        return problems
    if str(intent.get("/OutputConditionIdentifier")) == "Custom" and not str(intent.get("/Info", "")):
        problems.append("a Custom output intent needs an Info string")
    profile = intent.DestOutputProfile.read_bytes()
    if len(profile) < 132 or profile[36:40] != b"acsp":
        problems.append("the output intent's profile is not an ICC profile")
        return problems
    if profile[12:16] != b"prtr":
        problems.append(f"the output intent's profile is of class {profile[12:16].decode('latin-1')!r}, "
                        "not an output device profile ('prtr')")
    space = profile[16:20]
    if space not in (b"CMYK", b"RGB ", b"GRAY"):
        problems.append(f"the output intent's profile is in {space!r}, not CMYK, RGB or Gray")
    channels = {b"CMYK": 4, b"RGB ": 3, b"GRAY": 1}.get(space)
    if channels and int(intent.DestOutputProfile.get("/N", 0)) != channels:
        problems.append("the output profile's /N does not match its colour space")
    return problems


def _check_page(page: pikepdf.Page) -> list[str]:
    obj = page.obj
    problems = []
    media = _box(obj.get("/MediaBox"))
    trim, art, bleed = (_box(obj.get(k)) for k in ("/TrimBox", "/ArtBox", "/BleedBox"))
    if trim is None and art is None:
        problems.append("no TrimBox")
    if trim is not None and art is not None:
        problems.append("both a TrimBox and an ArtBox")
    if bleed is None:
        problems.append("no BleedBox")
    if media and bleed and not _inside(bleed, media):
        problems.append("the BleedBox extends beyond the MediaBox")
    if bleed and trim and not _inside(trim, bleed):
        problems.append("the TrimBox extends beyond the BleedBox")
    for annot in obj.get("/Annots", pikepdf.Array()):
        subtype = str(annot.get("/Subtype"))
        rect = _box(annot.get("/Rect"))
        limit = bleed or trim or media
        if subtype not in PRESS_ANNOTATIONS and rect and limit and _overlaps(rect, limit):
            problems.append(f"a {subtype[1:]} annotation inside the bleed box")
    return problems


def _box(value: object) -> tuple[float, float, float, float] | None:
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_objects(pdf: pikepdf.Pdf, rgb_intent: bool) -> list[str]:
    """Fonts embedded, colour spaces, graphics states, actions, PostScript: object by object."""
    problems: set[str] = set()
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        problems.update(_check_font(obj))
        problems.update(_check_colour(obj, rgb_intent))
        kind = obj.get("/Type")
        if kind == pikepdf.Name.ExtGState:
            for key in ("/TR", "/TR2"):
                if key in obj and obj[key] != pikepdf.Name.Default:
                    problems.add(f"a graphics state with a transfer function ({key[1:]})")
            if "/HTO" in obj:
                problems.add("a graphics state with a halftone origin (HTO)")
        if obj.get("/S") in FORBIDDEN_ACTIONS and kind in (None, pikepdf.Name.Action):
            problems.add(f"a forbidden {str(obj.S)[1:]} action")
        if obj.get("/Subtype") == pikepdf.Name.PS or "/OPI" in obj:
            problems.add("PostScript or OPI content")
        if obj.get("/Subtype") == pikepdf.Name.Image and "/Alternates" in obj:
            problems.add("an image with alternates")
    return sorted(problems)


def _check_font(obj: pikepdf.Object) -> list[str]:
    name = unembedded_font(obj)
    return [f"font {name} is not embedded"] if name else []


def unembedded_font(obj: pikepdf.Object) -> str:
    """The name of font dictionary *obj* if its program is not embedded, else ''."""
    if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
        return ""
    if obj.get("/Subtype") in (pikepdf.Name.Type0, pikepdf.Name.Type3):
        return ""  # its descendant is checked on its own; Type 3 glyphs are content streams
    descriptor = obj.get("/FontDescriptor")
    if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return str(obj.get("/BaseFont", "/?"))[1:]
    return ""


def unembedded_fonts(path: Path) -> list[str]:
    """The names of the fonts of the PDF at *path* whose programs are not embedded."""
    with pikepdf.open(path) as pdf:
        return sorted({name for obj in pdf.objects if (name := unembedded_font(obj))})


def _check_colour(obj: pikepdf.Object, rgb_intent: bool) -> list[str]:
    problems = []
    if not rgb_intent:
        for key in ("/ColorSpace", "/CS"):
            if obj.get(key) == pikepdf.Name.DeviceRGB:
                problems.append("DeviceRGB colour with a non-RGB output intent (no ICC or DefaultRGB)")
        resources = obj.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            spaces = resources.get("/ColorSpace")
            if not isinstance(spaces, pikepdf.Dictionary) or "/DefaultRGB" not in spaces:
                if _paints_rgb(obj):
                    problems.append("DeviceRGB colour with a non-RGB output intent (no ICC or DefaultRGB)")
    return problems


def _paints_rgb(obj: pikepdf.Object) -> bool:
    """Whether the content of a page or form XObject sets colours with rg/RG (DeviceRGB)."""
    try:
        if obj.get("/Type") == pikepdf.Name.Page:
            instructions = pikepdf.parse_content_stream(pikepdf.Page(obj))
        elif isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Form:
            instructions = pikepdf.parse_content_stream(obj)
        else:
            return False
    except pikepdf.PdfError:
        return False
    return any(str(item.operator) in ("rg", "RG") for item in instructions)
