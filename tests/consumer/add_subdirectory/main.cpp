// Smoke test: the vendored headers are found and usable.
#include <opswheel/version.hpp>
#include <opswheel/errors.hpp>

#include <iostream>

int main() {
  std::cout << "opswheel " << OPSWHEEL_VERSION_STRING << '\n';
  try {
    throw opswheel::UnknownId("x");
  } catch (const opswheel::Error& e) {
    std::cout << "caught: " << e.what() << '\n';
  }
  return 0;
}
