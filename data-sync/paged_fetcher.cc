#include "data-sync/paged_fetcher.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace relais {

namespace {

// The number of pages as page 1 gives it: "total_pages" (InPost's points API, mirrored in "meta"),
// "totalPages" (its location API), or 1 when the page says nothing.
nlohmann::json PageCount(const nlohmann::json& doc) {
  for (const char* key : {"total_pages", "totalPages"}) {
    if (const auto it = doc.find(key); it != doc.end()) return *it;
  }
  if (const auto meta = doc.find("meta"); meta != doc.end() && meta->is_object()) {
    if (const auto it = meta->find("total_pages"); it != meta->end()) return *it;
  }
  return 1;
}

}  // namespace

FetchResult FetchPages(const std::string& url, const std::string& path, const FetchOptions& options, int max_pages) {
  FetchResult result;
  const std::string page_path = path + ".page";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    result.error = "cannot write " + path;
    return result;
  }
  for (int page = 1, total = 1; page <= total; ++page) {
    const std::string page_url =
        url + (url.find('?') == std::string::npos ? "?" : "&") + "page=" + std::to_string(page);
    std::remove(page_path.c_str());  // Never resume into another page's bytes.
    const FetchResult fetched = FetchSource(page_url, page_path, options);
    result.attempts += fetched.attempts;
    if (!fetched.ok) {
      result.error = fetched.error;
      return result;
    }
    std::stringstream text;
    text << std::ifstream(page_path, std::ios::binary).rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (!doc.is_object()) {
      result.error = page_url + ": the page is not a JSON object";
      return result;
    }
    if (page == 1) {
      const nlohmann::json pages = PageCount(doc);
      if (!pages.is_number_integer() || pages.get<int64_t>() < 0 || pages.get<int64_t>() > max_pages) {
        result.error = page_url + ": total_pages must be 0.." + std::to_string(max_pages);
        return result;
      }
      // An empty answer says 0 pages; its one page is kept all the same (it is the answer).
      total = std::max(1, static_cast<int>(pages.get<int64_t>()));
    }
    const std::string line = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    out << line;
    result.bytes += static_cast<long long>(line.size());
  }
  std::remove(page_path.c_str());
  out.close();
  if (!out) {
    result.error = "cannot write " + path;
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace relais
