// Downloads a paged JSON API (InPost's points API and the like) into one file, one page per line: the
// file then hashes, diffs and validates like any daily file.
#ifndef RELAIS_DATA_SYNC_PAGED_FETCHER_H_
#define RELAIS_DATA_SYNC_PAGED_FETCHER_H_

#include <string>

#include "data-sync/source_fetcher.h"

namespace relais {

// Fetches url?page=1 (or &page=1), reads the number of pages from it, then pages 2.. up to it, each
// through FetchSource (timeouts, retries, resume within a page), and writes them minified, one per line,
// to `path`. The number of pages is page 1's "total_pages" (InPost's points API), else its "totalPages"
// (InPost's location API), else its "meta": {"total_pages"}, else 1; an empty answer says 0 and is kept
// as its one page. Pages are always asked for as "page" (both APIs' name), counted from 1. Fails when a
// page is not a JSON object or the number of pages is not in 0..max_pages. `attempts` in the result sums
// every page's.
FetchResult FetchPages(const std::string& url, const std::string& path, const FetchOptions& options,
                       int max_pages = 10000);

}  // namespace relais

#endif  // RELAIS_DATA_SYNC_PAGED_FETCHER_H_
