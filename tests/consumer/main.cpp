// Smoke test shared by both consumer projects: the headers are found and usable: a wheel draws,
// accepts and counts, and its spin's page is made (the page's template comes with the headers).
#include <opswheel/opswheel.hpp>

#include <cstddef>
#include <cstdio>
#include <string>

int main() {
  std::printf("opswheel %s\n", OPSWHEEL_VERSION_STRING);  // run_consumer.cmake checks this line
  try {
    opswheel::Wheel wheel("lottery", 1);
    wheel.add("ec2-api");
    wheel.add("s3-frontend", 2.0);
    wheel.add("lambda-invoke");
    const opswheel::Suggestion spin = wheel.suggest(2);
    const std::string page = opswheel::wheel_page(wheel, spin);
    if (page.find("{\"format\":\"opswheel-page/1\"") == std::string::npos) {
      std::fprintf(stderr, "the wheel page lacks its data block\n");
      return 1;
    }
    const opswheel::Meeting& meeting = wheel.accept(spin);
    std::printf("picks:");
    for (const auto& id : meeting.picks) std::printf(" %s", id.c_str());
    std::printf("\n");
    std::size_t turns = 0;
    for (const auto& s : wheel.stats()) turns += s.turns;
    if (meeting.picks.size() != 2 || turns != 2) {
      std::fprintf(stderr, "expected 2 picks and 2 turns, got %zu and %zu\n", meeting.picks.size(), turns);
      return 1;
    }
  } catch (const opswheel::Error& e) {
    std::fprintf(stderr, "opswheel error: %s\n", e.what());
    return 1;
  }
  return 0;
}
