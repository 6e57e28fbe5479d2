"""Fixed stamps for the workbooks the fixture generators write.

openpyxl stamps the time of saving into docProps/core.xml and into the ZIP entries; rewriting both
with a fixed date makes a re-run give the same bytes, so `git diff` shows only real changes. Used by
Datasets/generator/make_received.py and Tests/Fixtures/collection/make_returned.py (each with the
date its files pretend to be from)."""
import re
import zipfile


def deterministic(path, date_time):
    """Rewrites the workbook at `path` with every stamp set to `date_time` (y, m, d, H, M, S)."""
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % date_time
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(name, date_time=date_time), data, zipfile.ZIP_DEFLATED)
