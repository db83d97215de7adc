#include "edge/model/return_request.h"

namespace relais::edge {

using nlohmann::json;

json ReturnJson(const ReturnRequest& r) {
  json lines = json::array();
  for (const ReturnLine& l : r.lines) {
    lines.push_back({{"line", l.line},
                     {"sku", l.sku},
                     {"quantity", l.quantity},
                     {"refund_cents", l.refund_cents},
                     {"resellable", l.resellable},
                     {"unsellable", l.unsellable}});
  }
  json validations = json::array();
  for (const RefundValidation& v : r.validations) validations.push_back({{"who", v.who}, {"at", v.at}});
  return {{"id", r.id},
          {"version", r.version},
          {"order_id", r.order_id},
          {"customer_id", r.customer_id},
          {"status", r.status},
          {"history", r.history},
          {"reason", r.reason},
          {"defective", r.defective},
          {"drop_off", r.drop_off},
          {"lines", lines},
          {"quote", r.quote},
          {"refunded_before_cents", r.refunded_before_cents},
          {"parcel", r.parcel},
          {"received_site", r.received_site},
          {"received_at", r.received_at},
          {"received_by", r.received_by},
          {"graded_at", r.graded_at},
          {"graded_by", r.graded_by},
          {"compensation", r.compensation},
          {"compensation_percent", r.compensation_percent},
          {"refund",
           {{"money_cents", r.money_cents},
            {"voucher_cents", r.voucher_cents},
            {"kept_cents", r.kept_cents},
            {"validation", r.validation},
            {"validations", validations}}},
          {"request_key", r.request_key},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

ReturnRequest ReturnOfJson(const json& j) {
  ReturnRequest r;
  r.id = j.value("id", "");
  r.version = j.value("version", int64_t{0});
  r.order_id = j.value("order_id", "");
  r.customer_id = j.value("customer_id", "");
  r.status = j.value("status", "requested");
  r.history = j.value("history", std::vector<std::string>());
  r.reason = j.value("reason", "");
  r.defective = j.value("defective", false);
  r.drop_off = j.value("drop_off", json::object());
  for (const json& l : j.value("lines", json::array())) {
    ReturnLine line;
    line.line = l.value("line", int64_t{0});
    line.sku = l.value("sku", "");
    line.quantity = l.value("quantity", int64_t{0});
    line.refund_cents = l.value("refund_cents", int64_t{0});
    line.resellable = l.value("resellable", int64_t{0});
    line.unsellable = l.value("unsellable", int64_t{0});
    r.lines.push_back(line);
  }
  r.quote = j.value("quote", json::object());
  r.refunded_before_cents = j.value("refunded_before_cents", int64_t{0});
  r.parcel = j.value("parcel", json::object());
  r.received_site = j.value("received_site", "");
  r.received_at = j.value("received_at", "");
  r.received_by = j.value("received_by", "");
  r.graded_at = j.value("graded_at", "");
  r.graded_by = j.value("graded_by", "");
  r.compensation = j.value("compensation", "");
  r.compensation_percent = j.value("compensation_percent", int64_t{100});
  const json refund = j.value("refund", json::object());
  r.money_cents = refund.value("money_cents", int64_t{0});
  r.voucher_cents = refund.value("voucher_cents", int64_t{0});
  r.kept_cents = refund.value("kept_cents", int64_t{0});
  r.validation = refund.value("validation", "none");
  for (const json& v : refund.value("validations", json::array())) {
    r.validations.push_back({v.value("who", ""), v.value("at", "")});
  }
  r.request_key = j.value("request_key", "");
  r.created_at = j.value("created_at", "");
  r.updated_at = j.value("updated_at", "");
  return r;
}

json RefundPaymentJson(const RefundPayment& p) {
  json out = {{"return_id", p.return_id},    {"order_id", p.order_id},   {"amount_cents", p.amount_cents},
              {"currency", p.currency},      {"status", p.status},       {"attempts", p.attempts},
              {"last_error", p.last_error},  {"reference", p.reference}, {"created_at", p.created_at},
              {"finished_at", p.finished_at}};
  return out;
}

}  // namespace relais::edge
