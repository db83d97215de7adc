#include "wasm/engine/sales_history_csv.h"

#include <array>
#include <optional>

namespace relais {

namespace {

constexpr size_t kLongestField = 200;

// The fields of one CSV line (RFC 4180 quoting). Nothing when a quote is left open.
std::optional<std::vector<std::string>> Fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (std::string& f : fields) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.pop_back();
    size_t start = 0;
    while (start < f.size() && (f[start] == ' ' || f[start] == '\t')) ++start;
    f.erase(0, start);
  }
  return fields;
}

// "-12", "3.5": a decimal number, nothing else (no exponent, no locale).
std::optional<double> Decimal(std::string_view text) {
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) i = 1;
  double value = 0, scale = 0;
  bool digits = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (scale == 0) {
        value = value * 10 + (c - '0');
      } else {
        value += (c - '0') * scale;
        scale /= 10;
      }
    } else if (c == '.' && scale == 0) {
      scale = 0.1;
    } else {
      return std::nullopt;
    }
    if (value > 1e9) return std::nullopt;
  }
  if (!digits) return std::nullopt;
  return negative ? -value : value;
}

std::string Quoted(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Number(double value) {
  std::string text = std::to_string(value);  // "%f": six decimals, no exponent.
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

}  // namespace

SalesHistoryCsv ParseSalesHistoryCsv(std::string_view text) {
  SalesHistoryCsv out;
  enum Column { kDate, kSku, kSite, kQuantity, kInStock, kCategory, kColumns };
  constexpr std::array<std::string_view, kColumns> kNames = {"date", "sku", "site", "quantity", "in_stock", "category"};
  std::array<int, kColumns> at;
  at.fill(-1);
  int line_number = 0;
  bool header = true;
  size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // A spreadsheet's byte-order mark.
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto fields = Fields(line);
    const auto refuse = [&](std::string message) { out.errors.push_back({line_number, std::move(message)}); };
    if (!fields) {
      refuse("a quote is not closed");
      if (header) return out;
      continue;
    }
    if (header) {
      header = false;
      for (size_t i = 0; i < fields->size(); ++i) {
        for (int c = 0; c < kColumns; ++c) {
          if ((*fields)[i] == kNames[static_cast<size_t>(c)]) at[static_cast<size_t>(c)] = static_cast<int>(i);
        }
      }
      for (int c = kDate; c <= kQuantity; ++c) {
        if (at[static_cast<size_t>(c)] < 0) {
          refuse("the header has no \"" + std::string(kNames[static_cast<size_t>(c)]) +
                 "\" column (expected date,sku,site,quantity[,in_stock][,category])");
          return out;
        }
      }
      continue;
    }
    const auto field = [&](int c) -> std::string {
      const int i = at[static_cast<size_t>(c)];
      return i >= 0 && static_cast<size_t>(i) < fields->size() ? (*fields)[static_cast<size_t>(i)] : "";
    };
    SalesRow row;
    row.line = line_number;
    const auto day = ParseIsoDate(field(kDate));
    if (!day) {
      refuse("date \"" + field(kDate) + "\" is not a YYYY-MM-DD calendar date");
      continue;
    }
    row.day = *day;
    row.sku = field(kSku);
    row.site = field(kSite);
    row.category = field(kCategory);
    if (row.sku.empty() || row.sku.size() > kLongestField) {
      refuse("sku is empty or longer than 200 characters");
      continue;
    }
    if (row.site.empty() || row.site.size() > kLongestField) {
      refuse("site is empty or longer than 200 characters");
      continue;
    }
    if (row.category.size() > kLongestField) {
      refuse("category is longer than 200 characters");
      continue;
    }
    const auto quantity = Decimal(field(kQuantity));
    if (!quantity) {
      refuse("quantity \"" + field(kQuantity) + "\" is not a number");
      continue;
    }
    row.quantity = *quantity;
    const std::string stock = field(kInStock);
    if (stock == "0" || stock == "false") {
      row.in_stock = false;
    } else if (!stock.empty() && stock != "1" && stock != "true") {
      refuse("in_stock \"" + stock + "\" is neither 1 nor 0");
      continue;
    }
    // A stock-out day is one the product could not be sold all day: one that sold had stock at some moment.
    if (!row.in_stock && row.quantity > 0) {
      refuse("in_stock is 0 (out of stock all day) but quantity sold is " + field(kQuantity) +
             ": a day that sold had stock, write 1");
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  if (header) out.errors.push_back({1, "the file is empty: expected a header date,sku,site,quantity"});
  return out;
}

std::string SalesHistoryCsvHeader() { return "date,sku,site,quantity,in_stock,category"; }

std::string SalesHistoryCsvLine(const SalesRow& row) {
  return FormatIsoDate(row.day) + "," + Quoted(row.sku) + "," + Quoted(row.site) + "," + Number(row.quantity) + "," +
         (row.in_stock ? "1" : "0") + "," + Quoted(row.category);
}

}  // namespace relais
