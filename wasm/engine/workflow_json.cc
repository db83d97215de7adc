#include "wasm/engine/workflow_json.h"

#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace relais {

namespace {

using nlohmann::json;

// o[key] as text into *out (absent: unchanged unless required). False with *error set otherwise.
bool Text(const json& o, const char* key, const std::string& at, bool required, std::string* out, std::string* error) {
  const auto it = o.find(key);
  if (it == o.end()) {
    if (required) *error = at + key + ": required";
    return !required;
  }
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 200) {
    *error = at + key + ": a text of at most 200 characters";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

bool Flag(const json& o, const char* key, const std::string& at, bool* out, std::string* error) {
  const auto it = o.find(key);
  if (it == o.end()) return true;
  if (!it->is_boolean()) {
    *error = at + key + ": true or false";
    return false;
  }
  *out = it->get<bool>();
  return true;
}

bool Known(const json& o, const std::set<std::string>& keys, const std::string& at, std::string* error) {
  for (const auto& item : o.items()) {
    if (!keys.count(item.key())) {
      *error = at + item.key() + ": unknown field";
      return false;
    }
  }
  return true;
}

std::string ReadWorkflow(const json& j, const std::string& at, Workflow* w) {
  std::string error;
  if (!j.is_object()) return at.substr(0, at.size() - 1) + ": an object";
  if (!Known(j, {"mode", "route", "label", "after_transfer", "cancellable_until", "cancelled", "steps", "transitions"},
             at, &error) ||
      !Text(j, "mode", at, true, &w->mode, &error) || !Text(j, "route", at, false, &w->route, &error) ||
      !Flag(j, "after_transfer", at, &w->after_transfer, &error) ||
      !Text(j, "cancellable_until", at, false, &w->cancellable_until, &error) ||
      !Text(j, "cancelled", at, false, &w->cancelled, &error)) {
    return error;
  }
  if (const auto label = j.find("label"); label != j.end()) {  // The mode's name for shoppers.
    if (!label->is_object()) return at + "label: an object, language -> text";
    if (!Known(*label, {"fr", "en"}, at + "label.", &error) ||
        !Text(*label, "fr", at + "label.", false, &w->label_fr, &error) ||
        !Text(*label, "en", at + "label.", false, &w->label_en, &error)) {
      return error;
    }
  }
  const auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_array()) return at + "steps: an array of steps";
  for (size_t i = 0; i < steps->size(); ++i) {
    const json& s = (*steps)[i];
    const std::string here = at + "steps[" + std::to_string(i) + "].";
    if (!s.is_object()) return here.substr(0, here.size() - 1) + ": an object";
    WorkflowStep step;
    if (!Known(s, {"id", "label", "visible", "needs_shopper", "end", "notify", "order_status", "waits_for_answers"},
               here, &error) ||
        !Text(s, "id", here, true, &step.id, &error) ||
        !Text(s, "order_status", here, false, &step.order_status, &error) ||
        !Flag(s, "visible", here, &step.visible, &error) ||
        !Flag(s, "needs_shopper", here, &step.needs_shopper, &error) || !Flag(s, "end", here, &step.end, &error) ||
        !Flag(s, "notify", here, &step.notify, &error) ||
        !Flag(s, "waits_for_answers", here, &step.waits_for_answers, &error)) {
      return error;
    }
    if (const auto label = s.find("label"); label != s.end()) {
      if (!label->is_object()) return here + "label: an object, language -> text";
      if (!Known(*label, {"fr", "en"}, here + "label.", &error) ||
          !Text(*label, "fr", here + "label.", false, &step.label_fr, &error) ||
          !Text(*label, "en", here + "label.", false, &step.label_en, &error)) {
        return error;
      }
    }
    w->steps.push_back(std::move(step));
  }
  const auto transitions = j.find("transitions");
  if (transitions == j.end() || !transitions->is_array()) return at + "transitions: an array";
  for (size_t i = 0; i < transitions->size(); ++i) {
    const json& t = (*transitions)[i];
    const std::string here = at + "transitions[" + std::to_string(i) + "].";
    if (!t.is_object()) return here.substr(0, here.size() - 1) + ": an object";
    WorkflowTransition transition;
    if (!Known(t, {"from", "event", "to", "by_shopper"}, here, &error) ||
        !Flag(t, "by_shopper", here, &transition.by_shopper, &error) ||
        !Text(t, "from", here, true, &transition.from, &error) ||
        !Text(t, "event", here, true, &transition.event, &error) ||
        !Text(t, "to", here, true, &transition.to, &error)) {
      return error;
    }
    w->transitions.push_back(std::move(transition));
  }
  return ValidateWorkflow(*w);
}

}  // namespace

std::string ParseWorkflows(std::string_view text, std::vector<Workflow>* workflows) {
  const json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "the workflows file is not a JSON object";
  const auto list = j.find("workflows");
  if (list == j.end() || !list->is_array()) return "workflows: an array of workflows";
  std::vector<Workflow> read;
  std::set<std::pair<std::string, bool>> modes;
  for (size_t i = 0; i < list->size(); ++i) {
    Workflow w;
    if (std::string error = ReadWorkflow((*list)[i], "workflows[" + std::to_string(i) + "].", &w); !error.empty()) {
      return error;
    }
    if (!modes.insert({w.mode, w.after_transfer}).second) {
      return "workflows[" + std::to_string(i) + "]: mode " + w.mode + (w.after_transfer ? " after a transfer" : "") +
             " is defined twice";
    }
    read.push_back(std::move(w));
  }
  *workflows = std::move(read);
  return "";
}

}  // namespace relais
