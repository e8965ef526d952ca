// SPDX-License-Identifier: Apache-2.0
//
// A quarter of the weekly operations review: 13 Wednesday meetings from 2026-12-02, 30 service
// teams, 6 picks a week. The same roster, seed and events run under three policies side by side:
// "aws" (the AWS Ops Wheel v1 rule), "rotation" (deterministic, the fairness yardstick) and
// "quota" (random within proven bounds, the flagship).
//
// Events, identical for every policy:
//   - route53-dns is paused from 2026-12-23 (holiday change freeze) and due back 2027-01-13;
//     resume_due() brings it back at the start of that meeting.
//   - After an operational event on 2027-01-04, elb-dataplane is pinned for 2027-01-06.
//   - On 2027-01-27 the last team drawn cannot attend; skip() draws its replacement.
#include <opswheel/opswheel.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <utility>

namespace {

using namespace std::chrono;

constexpr std::size_t picks_per_week = 6;
constexpr int meetings = 13;
constexpr std::uint64_t seed = 2026;
constexpr year_month_day first_meeting{year{2026}, December, day{2}};  // a Wednesday

struct Team {
  const char* id;
  const char* name;
  double weight;  // bigger services present more often
};

constexpr Team teams[] = {
    {"ec2-api", "EC2 API", 3},
    {"ec2-capacity", "EC2 Capacity", 1},
    {"s3-frontend", "S3 Front End", 3},
    {"s3-index", "S3 Index", 1},
    {"dynamodb-storage", "DynamoDB Storage", 2},
    {"dynamodb-streams", "DynamoDB Streams", 1},
    {"lambda-invoke", "Lambda Invoke", 2},
    {"lambda-control", "Lambda Control Plane", 1},
    {"iam-auth", "IAM Authentication", 2},
    {"sts-tokens", "STS Tokens", 1},
    {"kms-keys", "KMS Key Service", 1},
    {"sqs-core", "SQS Core", 1},
    {"sns-delivery", "SNS Delivery", 1},
    {"route53-dns", "Route 53 DNS", 1},
    {"cloudfront-edge", "CloudFront Edge", 1},
    {"elb-dataplane", "ELB Data Plane", 1},
    {"vpc-networking", "VPC Networking", 1},
    {"ebs-volumes", "EBS Volumes", 1},
    {"rds-postgres", "RDS for PostgreSQL", 1},
    {"aurora-storage", "Aurora Storage", 1},
    {"cloudwatch-logs", "CloudWatch Logs", 1},
    {"kinesis-streams", "Kinesis Data Streams", 1},
    {"ecs-scheduler", "ECS Scheduler", 1},
    {"eks-control", "EKS Control Plane", 1},
    {"api-gateway", "API Gateway", 1},
    {"step-functions", "Step Functions", 1},
    {"sagemaker-api", "SageMaker API", 1},
    {"redshift-query", "Redshift Query", 1},
    {"cognito-pools", "Cognito User Pools", 1},
    {"billing-metering", "Billing Metering", 1},
};

year_month_day meeting_date(int week) { return year_month_day{sys_days{first_meeting} + weeks{week}}; }

// Runs the quarter under `policy` and prints the meetings and the per-team statistics.
void run_quarter(const char* policy) {
  opswheel::Wheel wheel(policy, seed);
  for (const Team& t : teams) {
    opswheel::Participant p;
    p.id = t.id;
    p.name = t.name;
    p.url = std::string("https://dashboards.example.com/") + t.id;
    p.weight = t.weight;
    wheel.add(std::move(p));
  }

  std::printf("== policy \"%s\" ==\n", policy);
  for (int week = 0; week < meetings; ++week) {
    const opswheel::Date date = meeting_date(week);
    wheel.resume_due(date);
    if (date == year_month_day{year{2026}, December, day{23}})
      wheel.pause("route53-dns", year_month_day{year{2027}, January, day{13}});
    if (date == year_month_day{year{2027}, January, day{6}})
      wheel.pin("elb-dataplane", "operational event 2027-01-04: elevated 5xx in us-east-1 during a deploy");

    opswheel::Suggestion s = wheel.suggest(picks_per_week);
    if (date == year_month_day{year{2027}, January, day{27}})
      s = wheel.skip(s, s.picks.back(), "presenter out sick, no backup briefed");
    const opswheel::Meeting& m = wheel.accept(s, date);

    std::string line;
    for (const auto& id : m.picks) {
      bool pinned = false, replacement = false;
      for (const auto& p : m.pinned) pinned = pinned || p.id == id;
      for (const auto& k : m.skipped) replacement = replacement || k.replacement == id;
      line += (line.empty() ? "" : " ") + id + (pinned ? "*" : replacement ? "+" : "");
    }
    for (const auto& k : m.skipped) line += "  (skipped " + k.id + ")";
    std::printf("%2zu %s  %s\n", m.number, opswheel::format_date(*m.date).c_str(), line.c_str());
  }

  std::printf("\n%-17s %-21s %6s %5s %8s %4s %9s\n", "team", "name", "weight", "turns", "expected",
              "gap", "deviation");
  double worst_deviation = 0;
  std::size_t worst_gap = 0;
  for (const opswheel::TeamStats& st : wheel.stats()) {
    const opswheel::Participant& p = wheel.roster().at(st.id);
    std::printf("%-17s %-21s %6.0f %5zu %8.2f %4zu %+9.2f\n", st.id.c_str(), p.display_name().c_str(), p.weight,
                st.turns, st.expected, st.longest_gap, st.deviation);
    worst_deviation = std::max(worst_deviation, std::abs(st.deviation));
    worst_gap = std::max(worst_gap, st.longest_gap);
  }
  std::printf("max |deviation| %.2f, longest gap %zu meetings\n", worst_deviation, worst_gap);
}

}  // namespace

int main() {
  std::printf("Weekly ops review, %d meetings from %s, %zu teams, %zu picks a week, seed %llu\n", meetings,
              opswheel::format_date(first_meeting).c_str(), std::size(teams), picks_per_week,
              static_cast<unsigned long long>(seed));
  std::printf("route53-dns paused 2026-12-23 to 2027-01-13; elb-dataplane pinned 2027-01-06 (* = pinned);\n"
              "last pick of 2027-01-27 skipped (+ = replacement). gap: longest wait in meetings.\n\n");
  try {
    run_quarter("aws");
    std::printf("\n");
    run_quarter("rotation");
    std::printf("\n");
    run_quarter("quota");
  } catch (const opswheel::Error& e) {
    std::fprintf(stderr, "quarter: %s\n", e.what());
    return 1;
  }
  return 0;
}
