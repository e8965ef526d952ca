// SPDX-License-Identifier: Apache-2.0
//
// demo: a quarter of weekly reviews of a fictional company's 30 service teams, built into a
// database of its own, then the next meeting's agenda. Everything is fixed — the seed, the dates,
// the clock, who does what — so the output is the same on every machine and every run.
//
// Where: --db PATH (or OPSWHEEL_DB) when given, else ./opswheel-demo.db, never the default
// ./opswheel.db, so a first try in a fresh directory leaves the real database's name free. An
// existing demo database is rebuilt; any other file is left alone (refused).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include <opswheel/agenda.hpp>
#include <opswheel/board.hpp>
#include <opswheel/json.hpp>
#include <opswheel/markdown.hpp>

#include "commands.hpp"

namespace opswheel_cli {
namespace {

namespace fs = std::filesystem;
using opswheel::Date;

constexpr const char* demo_actor = "opswheel demo";  // the demo wheel's Created event: how a rebuild recognises it
constexpr std::uint64_t demo_seed = 2026;

struct DemoTeam {
  const char* id;
  const char* name;
  double weight;
};

constexpr DemoTeam demo_teams[] = {
    {"checkout-api", "Checkout API", 3},       {"payments-ledger", "Payments Ledger", 2}, {"identity-auth", "Identity & Auth", 2},
    {"search-indexer", "Search Indexer", 1},   {"catalog-service", "Catalog Service", 2}, {"cart-service", "Cart Service", 1},
    {"order-pipeline", "Order Pipeline", 2},   {"inventory-sync", "Inventory Sync", 1},   {"pricing-engine", "Pricing Engine", 1},
    {"recommendations", "Recommendations", 1}, {"notifications", "Notifications", 1},     {"email-delivery", "Email Delivery", 1},
    {"mobile-gateway", "Mobile Gateway", 2},   {"web-frontend", "Web Frontend", 2},       {"cdn-edge", "CDN Edge", 1},
    {"dns-resolvers", "DNS Resolvers", 1},     {"load-balancers", "Load Balancers", 1},   {"object-storage", "Object Storage", 2},
    {"block-storage", "Block Storage", 1},     {"queue-service", "Queue Service", 1},     {"stream-ingest", "Stream Ingest", 1},
    {"metrics-platform", "Metrics Platform", 1}, {"logging-pipeline", "Logging Pipeline", 1}, {"ml-feature-store", "ML Feature Store", 1},
    {"fraud-detection", "Fraud Detection", 1}, {"shipping-rates", "Shipping Rates", 1},   {"returns-portal", "Returns Portal", 1},
    {"legacy-billing", "Legacy Billing", 1},   {"support-console", "Support Console", 1}, {"data-warehouse", "Data Warehouse", 1},
};

constexpr const char* item_titles[] = {
    "Alarm on p99 latency above the SLO",
    "Add throttled requests to the service dashboard",
    "Write the runbook for failing over to the second region",
    "Merge duplicate alarms that paged twice for one event",
    "Load test at twice last year's peak",
    "Automate TLS certificate rotation",
    "Canary every configuration push",
    "Set dependency timeouts below the client's timeout",
    "Alarm on error-budget burn rate",
    "Remove the manual step from the deployment pipeline",
    "Track cold-start latency after deployments",
    "Review capacity headroom for the spring sale",
};

constexpr const char* skip_reasons[] = {"on-call handover this week", "the team is at a launch review", "the presenter is out sick"};

Date date_of(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

opswheel::Timestamp at(const Date& d, int hour, int minute = 0) {
  return opswheel::Timestamp(std::chrono::sys_days(d)) + std::chrono::hours(hour) + std::chrono::minutes(minute);
}

// True when `path` holds a demo database this command made (one wheel, created by demo_actor).
// Throws what reading it throws: a file this opswheel cannot read is not replaced either.
bool is_demo_database(const std::string& path, const std::string& wheel) {
  opswheel::StoreOptions options;
  options.read_only = true;
  opswheel::Store store(path, options);
  if (store.wheels() != std::vector<std::string>{wheel}) return false;
  const auto log = store.events(wheel, 1);
  return !log.empty() && log.front().event.actor == demo_actor;
}

void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
}

struct DemoSummary {
  std::size_t meetings = 0;
  Date next;
  opswheel::Suggestion spin;
};

// The quarter: 2026-01-07 to 2026-04-01, weekly on Wednesdays, the offsite week skipped; "today"
// is Monday 2026-04-06 and the wheel is spun for Wednesday 2026-04-08.
DemoSummary build_quarter(opswheel::Wheel& w) {
  opswheel::Timestamp now = at(date_of(2026, 1, 5), 9);
  w.set_clock([&now] { return now; });
  w.set_actor("ana");
  opswheel::Cadence cadence;
  cadence.time_zone = "America/Los_Angeles";
  w.set_cadence(cadence);
  for (const DemoTeam& t : demo_teams) {
    opswheel::Participant p;
    p.id = t.id;
    p.name = t.name;
    p.url = std::string("https://dashboards.example.com/") + t.id;
    p.weight = t.weight;
    w.add(p);
  }
  w.pause("search-indexer", date_of(2026, 2, 25));
  w.pause("legacy-billing");  // being migrated; back when it is done
  w.change_actions(opswheel::MeetingSkipped{date_of(2026, 2, 18), "Company offsite"});

  std::set<std::string> moved;
  std::size_t n = 0;  // regular items raised so far
  std::string fleet_id;
  const char* fleet_targets[] = {"checkout-api", "web-frontend",    "mobile-gateway", "identity-auth",
                                 "payments-ledger", "catalog-service", "cart-service", "email-delivery"};
  std::size_t targets_done = 0;
  DemoSummary summary;
  const auto meetings = w.actions().calendar().meetings(date_of(2026, 1, 7), date_of(2026, 4, 1));
  for (std::size_t j = 0; j < meetings.size(); ++j) {
    const Date d = meetings[j];
    now = at(d, 9, 30);
    w.set_actor("ana");
    w.resume_due(d);
    if (d == date_of(2026, 3, 18)) w.pause("ml-feature-store", date_of(2026, 4, 22));
    if (j == 4) w.pin("payments-ledger", "Sev-2 on 2026-02-02 (retries charged twice): walk through the timeline");
    now = at(d, 10);
    opswheel::Suggestion s = w.suggest(6);
    if (j % 3 == 1) {
      w.set_actor("ben");
      s = w.skip(s, s.picks[2], skip_reasons[(j / 3) % 3]);
      w.set_actor("ana");
    }
    w.accept(s, d);
    ++summary.meetings;

    // Report-backs: most items are done on time; every fourth stays open (and goes overdue);
    // one slips its date once, with the reason on record.
    now = at(d, 10, 25);
    w.set_actor("ben");
    for (const auto& item : std::vector<opswheel::ActionItem>(w.actions().items())) {
      if (!item.active() || item.fleet_wide()) continue;
      const std::size_t number = std::stoul(item.id.substr(3));
      if (w.actions().report_back(item) == d) {
        if (number % 4 == 3) {
          if (number == 3) w.change_actions(opswheel::CommentAdded{item.id, "Blocked on the vendor's fix; they promise it by the end of April"});
        } else if (number % 6 == 2 && moved.insert(item.id).second) {
          w.change_actions(opswheel::DueMoved{item.id, opswheel::Calendar::add_days(item.due, 14), "Waiting for the load-test fleet"});
        } else {
          w.change_actions(opswheel::StatusChanged{item.id, opswheel::ActionStatus::done, ""});
        }
      } else if (number % 2 == 0 && item.status == opswheel::ActionStatus::open && item.raised_at < d) {
        w.change_actions(opswheel::StatusChanged{item.id, opswheel::ActionStatus::in_progress, ""});
      }
    }
    if (!fleet_id.empty() && targets_done < 6) w.change_actions(opswheel::TargetCompleted{fleet_id, fleet_targets[targets_done++], d});

    // New items from the reviews of the first two teams that presented.
    now = at(d, 11, 50);
    w.set_actor("ana");
    for (std::size_t p = 0; p < 2; ++p) {
      ++n;
      opswheel::ItemCreated item;
      item.title = item_titles[(n - 1) % std::size(item_titles)];
      item.owner = s.picks[p];
      item.raised_at = d;
      item.due = opswheel::Calendar::add_days(d, 7 * static_cast<int>(1 + n % 3));
      item.priority = n % 5 == 0 ? opswheel::Priority::high : opswheel::Priority::normal;
      item.review = opswheel::ReviewRef{d, s.picks[p]};
      w.change_actions(item);
    }
    if (j == 2) {
      opswheel::ItemCreated fleet;
      fleet.title = "Enable TLS 1.3 on every public endpoint";
      fleet.owner = "cdn-edge";
      fleet.raised_at = d;
      fleet.due = date_of(2026, 3, 25);
      fleet.priority = opswheel::Priority::high;
      fleet.targets.assign(std::begin(fleet_targets), std::end(fleet_targets));
      w.change_actions(fleet);
      fleet_id = w.actions().items().back().id;
    }
  }

  now = at(date_of(2026, 4, 6), 9);
  summary.next = w.actions().calendar().meeting_on_or_after(date_of(2026, 4, 6));
  w.resume_due(summary.next);
  summary.spin = w.suggest(6);
  w.set_clock({});  // back to the system clock: `now` goes out of scope
  return summary;
}

}  // namespace

int cmd_demo(Session& s, const Args& a) {
  a.at_most(0);
  const std::string path = s.db_given() ? s.db_path() : "opswheel-demo.db";
  // The demo builds a file beside its target and renames it into place, which a server has no
  // equivalent of; a demo wheel on a server is `opswheel init` and its commands away.
  if (opswheel::Store::backend_for(path) != "sqlite")
    throw opswheel::InvalidArgument("`opswheel demo` builds a SQLite file: give --db PATH, not a PostgreSQL location");
  const bool rebuild = fs::exists(path);
  if (rebuild) {
    const std::string leave = "so `opswheel demo` leaves it alone; remove it or name a new file with --db PATH";
    bool demo = false;
    try {
      demo = is_demo_database(path, s.wheel_name());
    } catch (const opswheel::Error& e) {  // e.g. a store written by an unreleased development build
      throw opswheel::InvalidArgument("'" + path + "' exists but does not read (" + e.what() + "), " + leave);
    }
    if (!demo) throw opswheel::InvalidArgument("'" + path + "' exists and is not an opswheel demo database, " + leave);
  }
  // Built beside the target and renamed over it at the end: a failed build leaves nothing behind.
  const std::string building = path + ".building";
  remove_database(building);
  DemoSummary summary;
  opswheel::Wheel wheel("quota");
  try {
    opswheel::Store store(building);
    wheel = store.create(s.wheel_name(), "quota", demo_seed, {}, demo_actor);
    summary = build_quarter(wheel);
    store.commit(s.wheel_name(), wheel);
  } catch (...) {
    remove_database(building);
    throw;
  }
  remove_database(path);
  fs::rename(building, path);

  const opswheel::ActionBook& book = wheel.actions();
  const opswheel::Agenda agenda = opswheel::make_agenda(book, wheel.roster(), summary.next, summary.spin.picks);
  const opswheel::BoardCounts counts = opswheel::board_counts(book, summary.next);
  std::size_t paused = 0;
  for (const auto& p : wheel.roster()) paused += p.paused;
  if (s.json()) {
    json doc = {{"db", path}, {"wheel", s.wheel_name()}, {"teams", wheel.roster().size()}, {"paused", paused},
                {"meetings", summary.meetings}, {"action_items", book.items().size()}, {"agenda", json::parse(opswheel::agenda_json(agenda, -1))}};
    print_json(doc);
    return exit_ok;
  }
  std::cout << (rebuild ? "Rebuilt" : "Built") << " the demo database " << path << " (wheel '" << s.wheel_name() << "', policy quota, seed "
            << demo_seed << "):\n"
            << "  " << wheel.roster().size() << " service teams, " << paused << " of them paused\n"
            << "  " << summary.meetings << " weekly reviews from 2026-01-07 to 2026-04-01 (the offsite week skipped), with spins, skips and a pin\n"
            << "  " << book.items().size() << " action items: " << counts.done << " done, " << counts.open + counts.in_progress << " open, "
            << counts.overdue << " overdue (" << counts.escalated << " escalated), one fleet-wide (" << counts.targets_done << " of "
            << counts.targets_total << " teams done)\n"
            << "The demo's today is 2026-04-06; the wheel was spun for the next meeting. Its agenda:\n\n"
            << opswheel::agenda_markdown(agenda, "Operations review") << '\n'
            << "Try next (the demo's dates are fixed, so give them):\n"
            << "  opswheel --db " << path << " list\n"
            << "  opswheel --db " << path << " stats\n"
            << "  opswheel --db " << path << " history\n"
            << "  opswheel --db " << path << " actions overdue 2026-04-08\n"
            << "  opswheel --db " << path << " agenda 2026-04-08 --format ics\n"
            << "  opswheel --db " << path << " verify\n";
  return exit_ok;
}

}  // namespace opswheel_cli
