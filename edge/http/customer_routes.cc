// Customer accounts over HTTP (orders/customer_accounts.h): sales agents and customer service find a caller by
// what they say of themselves, open their account (contact, addresses, last relay point, orders, returns,
// notes), create one and change it with the checks orders make of the same fields.
#include "edge/api_error.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/order_errors.h"
#include "edge/http/roles.h"
#include "edge/json_fields.h"
#include "edge/model/order_json.h"
#include "edge/orders/customer_fields.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr size_t kMaxAddresses = 10;
constexpr int64_t kAccountOrders = 50;  // The newest orders an account shows; older ones by search.

// What a list of customers shows of each: enough to tell two namesakes apart on the phone.
json CustomerSummaryJson(const CustomerAccount& a) {
  json summary = {{"id", a.id}, {"version", a.version}, {"account", a.version > 0}, {"contact", a.contact}};
  summary["address"] = a.addresses.empty() ? json() : a.addresses[0];
  return summary;
}

}  // namespace

void HttpApi::ReadCustomer(const json& body, CustomerAccount* account) {
  if (!body.is_object()) throw BadField("", "a customer account is a JSON object");
  if (!body.contains("contact")) throw BadField("contact", "contact is required: {name, email and/or phone}");
  account->contact = ReadContact(body["contact"], "contact.");
  if (!account->contact.contains("name")) throw BadField("contact.name", "an account needs the customer's name");
  account->addresses = json::array();
  if (body.contains("addresses")) {
    const json& addresses = body["addresses"];
    if (!addresses.is_array() || addresses.size() > kMaxAddresses) {
      throw BadField("addresses", "addresses must be an array of at most " + std::to_string(kMaxAddresses));
    }
    for (size_t i = 0; i < addresses.size(); ++i) {
      const std::string at = "addresses[" + std::to_string(i) + "].";
      if (!addresses[i].is_object()) throw BadField(at.substr(0, at.size() - 1), "an address is an object");
      json address = addresses[i];
      const std::optional<std::string> label = OptionalText(address, "label", 40, at);
      address.erase("label");
      json read = ReadHomeAddress(address, at);
      if (label) read["label"] = *label;
      account->addresses.push_back(std::move(read));
    }
  }
  // "" takes the notes away.
  const bool no_notes = body.contains("notes") && body["notes"].is_string() && body["notes"].get<std::string>().empty();
  account->notes = no_notes ? "" : OptionalText(body, "notes", 2000).value_or("");
}

json HttpApi::CustomerJson(const Call& c, const CustomerAccount& account) {
  json answer = CustomerAccountJson(account);
  answer["account"] = account.version > 0;
  answer["last_relay"] = store_->CustomerPreferences(c.brand->id, account.id)["last_relay"];
  json orders = json::array();
  json returns = json::array();
  for (const Order& o : store_->OrdersOf(c.brand->id, account.id, kAccountOrders)) {
    if (!MaySee(c, o)) continue;
    orders.push_back({{"id", o.id},
                      {"status", OrderStatusName(o.status)},
                      {"created_at", o.created_at},
                      {"total_cents", o.total_cents},
                      {"channel", o.channel},
                      {"external_ref", o.external_ref},
                      {"purchase_site", o.purchase_site},
                      {"eta", o.children.empty() ? OrderEta(o) : ParentEta(o)},
                      {"lines", o.lines.size()}});
    for (const ReturnRequest& r : store_->OrderReturns(c.brand->id, o.id)) {
      returns.push_back({{"id", r.id}, {"order_id", r.order_id}, {"status", r.status}, {"created_at", r.created_at}});
    }
  }
  answer["orders"] = orders;
  answer["returns"] = returns;
  return answer;
}

void HttpApi::RegisterCustomerRoutes() {
  constexpr unsigned kKeepers = kMerchantRole | kAgentRole;
  Route("GET", "/v1/customers", "/v1/customers", kKeepers, [this](Call& c) {
    const std::string query = c.req.get_param_value("q");
    if (query.empty() || query.size() > 200) throw BadField("q", "q is what the caller gives: a name, an e-mail...");
    const int64_t limit = QueryInt(c.req, "limit", 20, 1, 100);
    json customers = json::array();
    for (const CustomerAccount& a : customers_.Search(c.brand->id, query, limit)) {
      customers.push_back(CustomerSummaryJson(a));
    }
    SendJson(c.res, 200, {{"customers", customers}});
  });
  Route("POST", "/v1/customers", "/v1/customers", kKeepers, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"id", "contact", "addresses", "notes", "allow_duplicate"});
    CustomerAccount account;
    if (body.contains("id")) account.id = RequiredId(body, "id");
    ReadCustomer(body, &account);
    const bool duplicate_ok = OptionalBool(body, "allow_duplicate").value_or(false);
    const CustomerAccount stored = ValueOrThrow(customers_.Create(c.brand->id, account, duplicate_ok, ActorOf(c)));
    SendJson(c.res, 201, CustomerJson(c, stored));
  });
  Route("GET", R"(/v1/customers/([^/]+))", "/v1/customers/{id}", kKeepers, [this](Call& c) {
    const std::optional<CustomerAccount> account = customers_.Get(c.brand->id, c.req.matches[1]);
    if (!account) throw NotFound("customer " + std::string(c.req.matches[1]));
    SendJson(c.res, 200, CustomerJson(c, *account));
  });
  Route("PUT", R"(/v1/customers/([^/]+))", "/v1/customers/{id}", kKeepers, [this](Call& c) {
    const json body = ParseBody(c.req.body);
    RejectUnknownFields(body, {"version", "contact", "addresses", "notes"});
    CustomerAccount account;
    account.id = c.req.matches[1];
    account.version = RequiredInt(body, "version", 0, int64_t{1} << 53);
    // Version 0 makes the account of a customer known from orders only; any other id is no customer.
    if (account.version == 0 && !customers_.Get(c.brand->id, account.id)) {
      throw NotFound("customer " + account.id);
    }
    ReadCustomer(body, &account);
    SendJson(c.res, 200, CustomerJson(c, ValueOrThrow(customers_.Update(c.brand->id, account, ActorOf(c)))));
  });
}

}  // namespace relais::edge
