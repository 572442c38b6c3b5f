/**
 * Universal Category System (UCS) file names: `CatID[-UserCategory]_[VendorCategory-]FXName_CreatorID[_SourceID][_UserData]`
 * (UCS 8.x naming guide, universalcategorysystem.com). The CatID list is data (`ucs-catids.json`);
 * this module only parses names and looks CatIDs up. A name whose first block is not a known CatID is
 * not a UCS name: its words are still indexed, only without category fields.
 */
import { basename, extname } from 'node:path';
import ucsData from './ucs-catids.json';

export interface UcsName {
  catId: string;
  category: string;
  subcategory: string;
  /** the FX name block (VendorCategory prefix removed) */
  fxName: string;
  creatorId: string;
  sourceId: string;
  userCategory: string;
  vendorCategory: string;
}

const CAT_IDS: Readonly<Record<string, readonly [string, string]>> = Object.freeze(
  ucsData.catIds as unknown as Record<string, readonly [string, string]>,
);

/** Lower-case CatID → canonical spelling, because some libraries change the case of CatIDs. */
const CAT_ID_BY_LOWER: ReadonlyMap<string, string> = new Map(Object.keys(CAT_IDS).map((id) => [id.toLowerCase(), id]));

export function lookupCatId(catId: string): { catId: string; category: string; subcategory: string } | undefined {
  const canonical = CAT_ID_BY_LOWER.get(catId.toLowerCase());
  if (!canonical) return undefined;
  const entry = CAT_IDS[canonical] as readonly [string, string];
  return { catId: canonical, category: entry[0], subcategory: entry[1] };
}

export function allCatIds(): readonly string[] {
  return Object.keys(CAT_IDS);
}

/** Parses a UCS file name (with or without folder and extension); undefined when it is not one. */
export function parseUcsName(fileName: string): UcsName | undefined {
  const stem = basename(fileName, extname(fileName));
  const blocks = stem.split('_');
  const first = blocks[0] ?? '';
  const dash = first.indexOf('-');
  const catPart = dash >= 0 ? first.slice(0, dash) : first;
  const known = lookupCatId(catPart.trim());
  if (!known || blocks.length < 2) return undefined;
  let fxBlock = (blocks[1] ?? '').trim();
  let vendorCategory = '';
  // "VendorCategory-FXName": the spec joins them with a hyphen and no spaces around it
  const vendor = /^([^\s-][^-]*?[^\s-]|[^\s-])-(\S.*)$/.exec(fxBlock);
  if (vendor && !/\s/.test(vendor[1] as string)) {
    vendorCategory = vendor[1] as string;
    fxBlock = vendor[2] as string;
  }
  return {
    ...known,
    userCategory: dash >= 0 ? first.slice(dash + 1).trim() : '',
    vendorCategory,
    fxName: fxBlock,
    creatorId: (blocks[2] ?? '').trim(),
    sourceId: (blocks[3] ?? '').trim(),
  };
}

/** Words of a file name that is not UCS: separators become spaces, camelCase is split. */
export function nameWords(fileName: string): string {
  const stem = basename(fileName, extname(fileName));
  return stem
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
