/**
 * The iXML fields a sound library carries (iXML 2.x `<USER>` block as written by Soundminer/BaseHead/
 * UCS tools, the ASWG block, `<NOTE>`, `<BEXT>`). Library tools disagree on tag case and nesting, so
 * fields are read by tag name wherever they appear; the first non-empty occurrence wins.
 */

export interface IxmlFields {
  description: string;
  keywords: string;
  catId: string;
  category: string;
  subcategory: string;
  fxName: string;
  trackTitle: string;
  library: string;
  note: string;
}

/** Tags read for each field, in order of preference. */
const FIELD_TAGS: Readonly<Record<keyof IxmlFields, readonly string[]>> = Object.freeze({
  description: ['DESCRIPTION', 'BWF_DESCRIPTION'],
  keywords: ['KEYWORDS', 'KEYWORD'],
  catId: ['CATID'],
  category: ['CATEGORY'],
  subcategory: ['SUBCATEGORY'],
  fxName: ['FXNAME'],
  trackTitle: ['TRACKTITLE', 'TRACK_TITLE'],
  library: ['LIBRARY'],
  note: ['NOTE'],
});

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .trim();
}

function firstTagText(xml: string, tag: string): string {
  // leaf elements only: the content must not contain another element
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</${tag}>`, 'gi');
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const value = decodeXml(m[1] ?? '');
    if (value) return value;
  }
  return '';
}

export function parseIxml(xml: string): IxmlFields {
  const out = {} as IxmlFields;
  for (const [field, tags] of Object.entries(FIELD_TAGS) as Array<[keyof IxmlFields, readonly string[]]>) {
    let value = '';
    for (const tag of tags) {
      value = xml ? firstTagText(xml, tag) : '';
      if (value) break;
    }
    out[field] = value.slice(0, 2000);
  }
  return out;
}
