#include "data-sync/record_file.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>
#include <vector>

#include "data-sync/carrier_week.h"
#include "data-sync/colissimo_points.h"
#include "data-sync/dpd_pickup_points.h"
#include "data-sync/inpost_points.h"
#include "data-sync/laposte_contact_points.h"
#include "data-sync/mondial_relay_points.h"
#include "data-sync/relais_colis_points.h"
#include "data-sync/run_on_threads.h"
#include "data-sync/ups_access_points.h"
#include "wasm/engine/relay_record.h"

namespace relais {

namespace {

// Formats whose file is one document (JSON or XML) rather than one record per line.
using DocumentReader = std::vector<AdaptedPoint> (*)(std::string_view text, std::string* error);
struct DocumentFormat {
  const char* name;
  DocumentReader read;
};
std::vector<AdaptedPoint> ReadInPostPolishPoints(std::string_view text, std::string* error) {
  return ReadInPostPoints(text, "PL", error);
}
constexpr DocumentFormat kDocumentFormats[] = {
    {"dpd-json", ReadDpdPickupPoints},       {"mondial-relay-xml", ReadMondialRelayPoints},
    {"inpost-json", ReadInPostPolishPoints}, {"relais-colis-json", ReadRelaisColisPoints},
    {"colissimo-xml", ReadColissimoPoints},  {"colissimo-json", ReadColissimoJsonPoints},
    {"ups-locator", ReadUpsAccessPoints},
};

void Accept(RecordParse parsed, size_t line, RecordFile* out, const std::string& id = "") {
  ++out->records;
  for (const std::string& field : parsed.unknown_fields) out->unknown_fields.emplace(field, line);
  if (parsed.point) {
    out->points.push_back(std::move(*parsed.point));
  } else {
    out->rejects.push_back({line, parsed.error, id});
  }
}

// `text` cut into at most `count` runs of whole lines, of about the same size.
std::vector<std::string_view> SplitLines(std::string_view text, size_t count) {
  std::vector<std::string_view> runs;
  size_t begin = 0;
  for (size_t t = 1; begin < text.size(); ++t) {
    size_t end =
        t >= count ? text.size() : std::min(text.size(), text.find('\n', std::max(begin, text.size() * t / count)));
    if (end < text.size()) ++end;  // The run ends after its last newline.
    runs.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  return runs;
}

// Reads the records of `lines` (whole lines of a line format) into `out`, numbering lines from 1;
// returns the number of lines.
size_t ReadLines(std::string_view lines, const std::string& format, RecordFile* out) {
  out->points.reserve(static_cast<size_t>(std::count(lines.begin(), lines.end(), '\n')) + 1);
  size_t line_number = 0;
  while (!lines.empty()) {
    const size_t end = std::min(lines.find('\n'), lines.size());
    std::string_view line = lines.substr(0, end);
    lines.remove_prefix(std::min(lines.size(), end + 1));
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (format == "canonical-jsonl") {
      Accept(ParseRelayRecord(line), line_number, out);
      continue;
    }
    const LaPosteRow row = ParseLaPosteContactPoint(line);
    if (row.header) continue;
    if (!row.error.empty()) {
      ++out->records;
      out->rejects.push_back({line_number, row.error});
      continue;
    }
    // The adapter maps fields; the contract's rules are checked in one place.
    Accept(ParseRelayRecord(FormatRelayRecord(row.point)), line_number, out);
  }
  return line_number;
}

// Seasonal hours (AdaptedPoint::season_first/last) on the day `as_of`.
void ApplySeason(DayNumber as_of, AdaptedPoint* adapted) {
  const int first = adapted->season_first, last = adapted->season_last;
  if ((first == 0 && last == 0) || (first == 101 && last == 1231)) return;
  if (as_of == 0) {
    NoteRule("seasonal_hours", &adapted->rules);
    return;
  }
  const CivilDate date = CivilFromDays(as_of);
  const int today = date.month * 100 + date.day;
  const bool inside = first <= last ? today >= first && today <= last : today >= first || today <= last;
  if (inside) {
    NoteRule("seasonal_hours", &adapted->rules);
  } else {
    adapted->point.hours = WeeklySchedule();  // Unknown: never reported open on last season's hours.
    NoteRule("out_of_season_hours", &adapted->rules);
  }
}

}  // namespace

std::string CheckRecordFormat(const std::string& format) {
  if (format == "canonical-jsonl" || format == "laposte-csv") return "";
  for (const DocumentFormat& f : kDocumentFormats) {
    if (format == f.name) return "";
  }
  std::string error = "unknown format \"" + format + "\" (canonical-jsonl, laposte-csv";
  for (const DocumentFormat& f : kDocumentFormats) error += std::string(", ") + f.name;
  return error + ")";
}

RecordFile ReadRecordFile(const std::string& path, const std::string& format, DayNumber as_of) {
  RecordFile out;
  const DocumentFormat* document_format = nullptr;
  for (const DocumentFormat& f : kDocumentFormats) {
    if (format == f.name) document_format = &f;
  }
  if (out.error = CheckRecordFormat(format); !out.error.empty()) return out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "cannot read " + path;
    return out;
  }
  std::string text;
  in.seekg(0, std::ios::end);
  if (const std::streamoff size = in.tellg(); size >= 0) {  // A regular file: one read.
    text.resize(static_cast<size_t>(size));
    in.seekg(0);
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  } else {  // A pipe.
    in.clear();
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (in.bad()) {
    out.error = "read error on " + path;
    return out;
  }
  if (document_format) {
    // One document: rejects are numbered by the record's place in it (1-based), not by line.
    std::string error;
    std::vector<AdaptedPoint> points = document_format->read(text, &error);
    if (!error.empty()) {
      out.error = path + ": " + error;
      return out;
    }
    for (size_t i = 0; i < points.size(); ++i) {
      if (!points[i].skip_rule.empty()) {
        ++out.rules[points[i].skip_rule];
        continue;
      }
      if (!points[i].error.empty()) {
        ++out.records;
        out.rejects.push_back({i + 1, points[i].error, points[i].point.id});
        continue;
      }
      ApplySeason(as_of, &points[i]);
      points[i].point.services |= ServicesFromHours(points[i].point.hours);
      // The adapter maps fields; the contract's rules are checked in one place.
      const size_t before = out.points.size();
      Accept(ParseRelayRecord(FormatRelayRecord(points[i].point)), i + 1, &out, points[i].point.id);
      if (out.points.size() > before) {
        for (const std::string& rule : points[i].rules) ++out.rules[rule];
      }
    }
    return out;
  }
  // Line formats: the file is cut into one run of whole lines per core, read in parallel (a daily file
  // holds up to millions of records), then merged in file order.
  const size_t threads = text.size() < (1u << 20) ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  const std::vector<std::string_view> runs = SplitLines(text, threads);
  std::vector<RecordFile> parts(runs.size());
  std::vector<size_t> line_counts(runs.size());
  std::vector<std::function<void()>> tasks;
  for (size_t i = 0; i < runs.size(); ++i) {
    tasks.push_back([&, i] { line_counts[i] = ReadLines(runs[i], format, &parts[i]); });
  }
  RunOnThreads(tasks);
  size_t total = 0;
  for (const RecordFile& part : parts) total += part.points.size();
  out.points.reserve(total);
  size_t first_line = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    RecordFile& part = parts[i];
    out.records += part.records;
    std::move(part.points.begin(), part.points.end(), std::back_inserter(out.points));
    part.points = {};
    for (RecordReject& r : part.rejects)
      out.rejects.push_back({r.line + first_line, std::move(r.rule), std::move(r.id)});
    for (const auto& [field, line] : part.unknown_fields) out.unknown_fields.emplace(field, line + first_line);
    first_line += line_counts[i];
  }
  return out;
}

}  // namespace relais
