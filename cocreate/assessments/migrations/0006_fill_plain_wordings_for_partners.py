"""Give the items of rounds already opened on a built-in instrument their plain-language wording.

New rounds get it from the new version `load_builtin` makes of each built-in (its plain file is part of
its digest). Versions made before keep their items and answers; this fills `wordings["plain"]` on
every item (built-in or an organization's copy) whose key and English wording are still those of the
built-in file, so the plain words say the same thing as the words people already answered.
"""

from pathlib import Path

import yaml
from django.db import migrations

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "instruments"


def _texts(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        item["key"]: (item.get("text") or {}).get("en", "").strip()
        for section in data.get("sections") or []
        for item in section.get("items") or []
    }


def fill_plain(apps, schema_editor):
    Item = apps.get_model("assessments", "Item")
    for plain_path in sorted((BUILTIN_DIR / "plain").glob("*.yaml")):
        plain = yaml.safe_load(plain_path.read_text(encoding="utf-8")) or {}
        texts = _texts(BUILTIN_DIR / plain_path.name)
        items = Item.objects.filter(version__instrument__key=plain_path.stem, key__in=list(plain))
        changed = []
        for item in items:
            wordings = dict(item.wordings or {})
            if "plain" in wordings or (item.text or {}).get("en", "").strip() != texts.get(item.key):
                continue
            wordings["plain"] = {lang: str(text).strip() for lang, text in plain[item.key].items()}
            item.wordings = wordings
            changed.append(item)
        Item.objects.bulk_update(changed, ["wordings"], batch_size=500)


def drop_plain(apps, schema_editor):
    Item = apps.get_model("assessments", "Item")
    changed = []
    for item in Item.objects.filter(wordings__has_key="plain"):
        item.wordings = {k: v for k, v in item.wordings.items() if k != "plain"}
        changed.append(item)
    Item.objects.bulk_update(changed, ["wordings"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_administration_title_parts")]

    operations = [migrations.RunPython(fill_plain, drop_plain)]
