// Finding what a carrier file turned into, for the adapters' tests.
#ifndef RELAIS_TESTS_ENGINE_TEST_RECORD_FILE_H_
#define RELAIS_TESTS_ENGINE_TEST_RECORD_FILE_H_

#include <boost/test/unit_test.hpp>
#include <string>

#include "data-sync/record_file.h"

namespace relais {

inline const RelayPoint& ById(const RecordFile& file, const std::string& id) {
  for (const RelayPoint& p : file.points) {
    if (p.id == id) return p;
  }
  BOOST_FAIL("no point " << id);
  return file.points.front();
}

// The rule that rejected the record at `place` (line, or place in a document).
inline std::string RuleOf(const RecordFile& file, size_t place) {
  for (const RecordReject& r : file.rejects) {
    if (r.line == place) return r.rule;
  }
  return "(not rejected)";
}

}  // namespace relais

#endif  // RELAIS_TESTS_ENGINE_TEST_RECORD_FILE_H_
