/**
 * The keys seen in data gen did not make, within a stated memory budget: integer keys as a paged bitset
 * (one bit a key, 8 KiB pages where keys are), other keys as a set of their text up to a count. Past the
 * budget the set stops growing and says so; checks that need it are then skipped, never guessed.
 */
export interface KeySet {
  /** Adds a key; false when it was there already. */
  add(key: unknown): boolean;
  /** Whether `key` was added (`undefined` once the set is past its budget: unknown). */
  has(key: unknown): boolean | undefined;
  /** Whether the set outgrew its budget. */
  readonly full: boolean;
}

/** Bitset pages of integer keys: up to 64 MiB of them (~537M keys spread over a dense span). */
const PAGE_BITS = 65_536;
const MAX_PAGES = 8192;
/** Keys of other kinds (text, several columns) kept as text: up to 2M. */
const MAX_TEXT_KEYS = 2_000_000;

export function createKeySet(): KeySet {
  const pages = new Map<number, Uint8Array>();
  const texts = new Set<string>();
  let full = false;
  const slot = (key: number): { page: Uint8Array | undefined; bit: number; index: number } => {
    const index = Math.floor(key / PAGE_BITS);
    return { page: pages.get(index), bit: key - index * PAGE_BITS, index };
  };
  return {
    get full() {
      return full;
    },
    add(key) {
      if (typeof key === 'number' && Number.isSafeInteger(key)) {
        let { page, bit, index } = slot(key);
        if (page === undefined) {
          if (pages.size >= MAX_PAGES) {
            full = true;
            return true;
          }
          page = new Uint8Array(PAGE_BITS / 8);
          pages.set(index, page);
        }
        const mask = 1 << (bit & 7);
        if ((page[bit >> 3]! & mask) !== 0) return false;
        page[bit >> 3]! |= mask;
        return true;
      }
      const text = JSON.stringify(key);
      if (texts.has(text)) return false;
      if (texts.size >= MAX_TEXT_KEYS) full = true;
      else texts.add(text);
      return true;
    },
    has(key) {
      if (full) return undefined;
      if (typeof key === 'number' && Number.isSafeInteger(key)) {
        const { page, bit } = slot(key);
        return page !== undefined && (page[bit >> 3]! & (1 << (bit & 7))) !== 0;
      }
      return texts.has(JSON.stringify(key));
    },
  };
}
