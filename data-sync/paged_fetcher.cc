#include "data-sync/paged_fetcher.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace relais {

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
      const nlohmann::json pages = doc.value("total_pages", nlohmann::json(1));
      if (!pages.is_number_integer() || pages.get<int64_t>() < 1 || pages.get<int64_t>() > max_pages) {
        result.error = page_url + ": total_pages must be 1.." + std::to_string(max_pages);
        return result;
      }
      total = static_cast<int>(pages.get<int64_t>());
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
