// SPDX-License-Identifier: Apache-2.0
#include "churn_options.hpp"

#include <sstream>
#include <vector>

namespace opswheel_cli {
namespace {

// A rate option and the field it sets.
struct RateOption {
  const char* name;
  double opswheel::ChurnModel::*field;
};

constexpr RateOption rate_options[] = {
    {"join", &opswheel::ChurnModel::join_rate},
    {"leave", &opswheel::ChurnModel::leave_rate},
    {"pause", &opswheel::ChurnModel::pause_rate},
    {"reweight", &opswheel::ChurnModel::reweight_rate},
};

template <double opswheel::ChurnModel::*field>
std::string default_rate() {
  return opswheel::detail::weight_text(opswheel::ChurnModel{}.*field);
}

// The weights as given on the command line: "1,2,3".
std::string weights_text(const std::vector<double>& weights) {
  if (weights.empty()) return "1";
  std::string out;
  for (const double w : weights) out += (out.empty() ? "" : ",") + opswheel::detail::weight_text(w);
  return out;
}

// Checks `churn` after option `option` set a field from `text`: the core's rule, as a usage error.
void check(const opswheel::ChurnModel& churn, std::string_view option, std::string_view text) {
  try {
    opswheel::validate(churn);
  } catch (const opswheel::InvalidArgument& e) {
    throw UsageError("invalid --" + std::string(option) + " '" + std::string(text) + "': " + e.what());
  }
}

}  // namespace

const OptionSpec churn_options[6] = {
    {.name = "join", .value = "RATE", .help = "chance a team joins, each week, 0..1", .fallback = default_rate<&opswheel::ChurnModel::join_rate>},
    {.name = "leave", .value = "RATE", .help = "chance a random team leaves, each week, 0..1", .fallback = default_rate<&opswheel::ChurnModel::leave_rate>},
    {.name = "pause", .value = "RATE", .help = "chance a random eligible team is paused, each week, 0..1",
     .fallback = default_rate<&opswheel::ChurnModel::pause_rate>},
    {.name = "pause-weeks", .value = "MIN-MAX", .help = "how long a pause lasts, in weeks, drawn from MIN..MAX",
     .fallback = [] {
       const opswheel::ChurnModel defaults{};
       return std::to_string(defaults.pause_min) + "-" + std::to_string(defaults.pause_max);
     }},
    {.name = "reweight", .value = "RATE", .help = "chance a random team's weight is drawn again, each week, 0..1",
     .fallback = default_rate<&opswheel::ChurnModel::reweight_rate>},
    {.name = "new-weights", .value = "W,W,...", .help = "the weights joiners and re-weighted teams draw from, uniformly",
     .fallback = [] { return weights_text(opswheel::ChurnModel{}.new_weights); }}};

std::string churn_help() {
  return "Roster changes (--join, --leave, --pause, --pause-weeks, --reweight, --new-weights) happen each week before\n"
         "the draw; a leave or pause that would leave fewer than k eligible teams is skipped (docs/fairness.md,\n"
         "\"Under roster changes\").\n";
}

opswheel::ChurnModel parse_churn(const Args& args) {
  opswheel::ChurnModel churn;
  for (const RateOption& r : rate_options)
    if (const auto text = args.value(r.name)) {
      churn.*r.field = parse_number(*text, "--" + std::string(r.name));
      check(churn, r.name, *text);
    }
  if (const auto text = args.value("pause-weeks")) {  // MIN-MAX, or N for N-N
    const std::size_t dash = text->find('-');
    const std::string min = text->substr(0, dash), max = dash == std::string::npos ? min : text->substr(dash + 1);
    try {
      churn.pause_min = static_cast<std::size_t>(parse_u64(min, "--pause-weeks"));
      churn.pause_max = static_cast<std::size_t>(parse_u64(max, "--pause-weeks"));
    } catch (const UsageError&) {
      throw UsageError("invalid --pause-weeks '" + *text + "': expected MIN-MAX weeks, such as 1-4");
    }
    check(churn, "pause-weeks", *text);
  }
  if (const auto text = args.value("new-weights")) {
    std::stringstream in(*text);
    churn.new_weights.clear();
    try {
      for (std::string item; std::getline(in, item, ',');) churn.new_weights.push_back(parse_number(item, "--new-weights"));
    } catch (const UsageError&) {
      churn.new_weights.clear();
    }
    if (churn.new_weights.empty() || text->back() == ',')
      throw UsageError("invalid --new-weights '" + *text + "': expected weights separated by commas, such as 1,2,3");
    check(churn, "new-weights", *text);
  }
  return churn;
}

std::string churn_summary(const opswheel::ChurnModel& churn) {
  if (!churn.changes_anything()) return "";
  std::ostringstream out;
  out << "roster changes each week: join " << opswheel::detail::weight_text(churn.join_rate) << ", leave "
      << opswheel::detail::weight_text(churn.leave_rate) << ", pause " << opswheel::detail::weight_text(churn.pause_rate)
      << " (" << churn.pause_min << "-" << churn.pause_max << " weeks), reweight "
      << opswheel::detail::weight_text(churn.reweight_rate) << "; new weights " << weights_text(churn.new_weights);
  return out.str();
}

}  // namespace opswheel_cli
