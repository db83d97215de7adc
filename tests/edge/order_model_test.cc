// The order model's vocabulary: statuses and delivery modes, their one spelling and their rules.
#define BOOST_TEST_MODULE order_model_test
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "edge/model/customer_account.h"
#include "edge/model/delivery_mode.h"
#include "edge/model/order_json.h"
#include "edge/model/order_status.h"
#include "edge/model/phone_number.h"
#include "edge/model/search_keys.h"

namespace relais::edge {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_CASE(every_status_reads_back_from_its_name_and_nothing_else_reads) {
  for (const char* name : {"placed", "preparing", "ready", "shipped", "collected", "delivered", "cancelled"}) {
    const std::optional<OrderStatus> status = ParseOrderStatus(name);
    BOOST_REQUIRE(status);
    BOOST_TEST(OrderStatusName(*status) == name);
    BOOST_TEST(json(*status) == name);  // JSON spells the name, never the enum's number.
  }
  for (const char* name : {"", "Placed", "canceled", "0", "placed "}) BOOST_TEST(!ParseOrderStatus(name));
}

BOOST_AUTO_TEST_CASE(only_forward_moves_are_ahead_and_cancelled_is_on_no_way) {
  BOOST_TEST(IsAhead(OrderStatus::kReady, OrderStatus::kPreparing));
  BOOST_TEST(!IsAhead(OrderStatus::kPreparing, OrderStatus::kReady));
  BOOST_TEST(!IsAhead(OrderStatus::kReady, OrderStatus::kReady));
  BOOST_TEST(!IsAhead(OrderStatus::kCancelled, OrderStatus::kPlaced));
  BOOST_TEST(!IsAhead(OrderStatus::kDelivered, OrderStatus::kCancelled));
}

BOOST_AUTO_TEST_CASE(a_whole_is_as_far_as_its_least_advanced_running_part) {
  using S = OrderStatus;
  BOOST_TEST(OrderStatusText(LeastAdvancedStatus({S::kShipped, S::kReady, S::kCancelled}, S::kPlaced)) == "ready");
  BOOST_TEST(OrderStatusText(LeastAdvancedStatus({S::kCancelled, S::kCancelled}, S::kPlaced)) == "cancelled");
  BOOST_TEST(OrderStatusText(LeastAdvancedStatus({}, S::kPlaced)) == "placed");
  BOOST_TEST(OrderStatusText(LeastAdvancedStatus({}, S::kCancelled)) == "cancelled");
  BOOST_TEST(OrderStatusText(LeastAdvancedStatus({S::kDelivered, S::kCollected}, S::kPlaced)) == "collected");
}

BOOST_AUTO_TEST_CASE(every_mode_reads_back_from_its_name_and_the_engine_spelling_is_an_input_alias_only) {
  for (DeliveryMode mode : kDeliveryModes) {
    BOOST_TEST((ParseDeliveryMode(DeliveryModeName(mode)) == mode));
    BOOST_TEST(json(mode) == DeliveryModeText(mode));
  }
  BOOST_TEST(!ParseDeliveryMode("reserve"));  // The engine's word: never on an order line.
  BOOST_TEST(!ParseDeliveryMode("clickcollect"));
  // Imposed on a basket line: the engine's names, and reserve_transfer for click_collect.
  BOOST_TEST((ParseImposedMode("reserve") == SplitMode::kReserve));
  BOOST_TEST((ParseImposedMode("reserve_transfer") == SplitMode::kClickCollect));
  BOOST_TEST(!ParseImposedMode("teleport"));
  BOOST_TEST(ImposedModeNames().size() == static_cast<size_t>(kSplitModeCount));
}

BOOST_AUTO_TEST_CASE(the_plan_and_the_order_translate_modes_both_ways) {
  for (DeliveryMode mode : kDeliveryModes) {
    const DeliveryMode back = RecordedMode(PlannerMode(mode));
    // Only reserve_transfer comes back as the click & collect the engine plans it as.
    BOOST_TEST(DeliveryModeText(back) ==
               DeliveryModeText(mode == DeliveryMode::kReserveTransfer ? DeliveryMode::kClickCollect : mode));
  }
  BOOST_TEST(DeliveryModeText(RecordedMode(SplitMode::kReserve)) == "click_collect");
  BOOST_TEST(IsCollected(DeliveryMode::kReserveTransfer));
  BOOST_TEST(!IsCollected(DeliveryMode::kRelay));
  BOOST_TEST(IsPointDelivery(DeliveryMode::kLocker));
  BOOST_TEST(!IsPointDelivery(DeliveryMode::kHome));
}

BOOST_AUTO_TEST_CASE(an_order_reads_back_what_it_wrote_and_refuses_a_damaged_status) {
  Order o;
  o.id = "ord_1";
  o.customer_id = "c1";
  o.status = OrderStatus::kReady;
  o.created_at = "2026-12-04T10:00:00Z";
  o.lines.push_back({"BOOK",
                     2,
                     "store",
                     DeliveryMode::kReserveTransfer,
                     {{"site", "paris"}},
                     "",
                     "2026-12-09",
                     1200,
                     "10:00-10:30",
                     ""});
  // A mode the merchant added: written by its name, with the kind it goes as.
  o.lines.push_back({"TEA", 1, "store", DeliveryMode::kHome, {{"postcode", "75011"}}, "", "", 690, "", "courier"});
  o.children.push_back({"ord_1-1", "store", OrderStatus::kShipped, 2400, "2026-12-08"});
  const json written = OrderJson(o);
  BOOST_TEST(written["status"] == "ready");
  BOOST_TEST(written["lines"][0]["mode"] == "reserve_transfer");
  BOOST_TEST(written["lines"][0]["slot"] == "10:00-10:30");
  BOOST_TEST(written["lines"][1]["mode"] == "courier");
  BOOST_TEST(written["lines"][1]["route"] == "home");
  BOOST_TEST(!written["lines"][0].contains("route"));
  BOOST_TEST(written["children"][0]["status"] == "shipped");
  BOOST_TEST(written["eta"] == "2026-12-08");
  const Order read = OrderFromJson(written);
  BOOST_TEST(OrderJson(read) == written);
  json damaged = written;
  damaged["status"] = "lost";
  BOOST_CHECK_THROW(OrderFromJson(damaged), std::runtime_error);
}

// What SMS providers take: E.164, whatever the shopper typed (issue 21, item 8: "0611223344" went out as typed).
BOOST_AUTO_TEST_CASE(phone_numbers_go_out_in_e164_or_not_at_all) {
  const auto e164 = [](std::string_view typed) { return E164PhoneNumber(typed).value_or("refused"); };
  BOOST_TEST(e164("0611223344") == "+33611223344");
  BOOST_TEST(e164("06 11 22 33 44") == "+33611223344");
  BOOST_TEST(e164("06.11.22.33.44") == "+33611223344");
  BOOST_TEST(e164("+33 6 11 22 33 44") == "+33611223344");
  BOOST_TEST(e164("+33 (0)6 11 22 33 44") == "+33611223344");
  BOOST_TEST(e164("0033 6 11 22 33 44") == "+33611223344");
  BOOST_TEST(e164("+32 470 12 34 56") == "+32470123456");
  BOOST_TEST(e164("0690 12 34 56") == "+590690123456");  // Guadeloupe.
  BOOST_TEST(e164("0262 12 34 56") == "+262262123456");  // La Réunion.
  BOOST_TEST(e164("0639 12 34 56") == "+262639123456");  // Mayotte.
  for (const char* wrong : {"", "611223344", "06112233", "061122334455", "0033 6 11", "+0611223344",
                            "+33 6 11 22 33 44 55 66 77", "06 11 22 33 4a", "+33+611223344", "+1234567"}) {
    BOOST_TEST(e164(wrong) == "refused", wrong);
  }
}

BOOST_AUTO_TEST_CASE(a_customer_query_is_an_email_a_phone_or_words_folded_as_the_keys_are) {
  using Words = std::vector<std::string>;
  BOOST_TEST(FoldedWords("Hélène DUPONT-Moreau, 75002 Paris") ==
             (Words{"helene", "dupont", "moreau", "75002", "paris"}));
  BOOST_TEST(FoldedWords("Œuvre Ça Ÿves Ærø ß") == (Words{"oeuvre", "ca", "yves", "aero", "ss"}));
  BOOST_TEST(FoldedWords("a×b") == (Words{"a", "b"}));  // A sign, not a letter.
  BOOST_TEST(FoldedWords("  ").empty());
  BOOST_TEST(KeyAfterPrefix("word:dup") == "word:duq");

  CustomerAccount a;
  a.id = "cus_1";
  a.contact = {{"name", "Hélène Dupont"}, {"email", "H.Dupont@Example.org"}, {"phone", "+33612345678"}};
  a.addresses = {{{"address", {"3 rue de la Paix"}}, {"postcode", "75002"}, {"city", "Paris"}, {"country", "FR"}}};
  BOOST_TEST(SearchKeysOf(a) == (Words{"id:cus_1", "email:h.dupont@example.org", "phone:612345678", "word:helene",
                                       "word:dupont", "word:75002", "word:paris"}));

  using Query = std::vector<std::vector<CustomerKeyMatch>>;
  BOOST_TEST((CustomerQuery(" H.Dupont@example.org ") == Query{{{"email:h.dupont@example.org", false}}}));
  for (const char* phone : {"06 12 34 56 78", "+33 (0)6 12 34 56 78", "0033-612345678"}) {
    BOOST_TEST((CustomerQuery(phone) == Query{{{"phone:612345678", false}}}), phone);
  }
  BOOST_TEST((CustomerQuery("75002") == Query{{{"id:75002", false}}, {{"word:75002", true}}}));
  BOOST_TEST((CustomerQuery("Dup hél") == Query{{{"word:dup", true}, {"word:hel", true}}}));
  BOOST_TEST(CustomerQuery("a b c d e f g h").back().size() == 6u);  // The first 6 words.
  BOOST_TEST(CustomerQuery("").empty());
  BOOST_TEST(CustomerQuery(" - ").empty());
}

BOOST_AUTO_TEST_CASE(a_product_name_is_found_by_the_beginnings_of_its_words_accents_aside) {
  BOOST_TEST(ProductNameMatches("Café moulu 250 g", "cafe"));
  BOOST_TEST(ProductNameMatches("Café moulu 250 g", "CAFÉ MOU"));
  BOOST_TEST(ProductNameMatches("Café moulu 250 g", "moulu 250"));
  BOOST_TEST(ProductNameMatches("Thé vert", "the"));
  BOOST_TEST(!ProductNameMatches("Café moulu", "afe"));  // Inside a word.
  BOOST_TEST(!ProductNameMatches("Café moulu", "cafe 250"));
  BOOST_TEST(!ProductNameMatches("Café moulu", " - "));
  // The pattern a store narrows its rows with: separators are any run, letters with accented forms any character.
  BOOST_TEST(ProductNamePattern("Café Mou") == "%__f_%m__%");
  BOOST_TEST(ProductNamePattern("250") == "%250%");
}

}  // namespace
}  // namespace relais::edge
