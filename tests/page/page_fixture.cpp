// SPDX-License-Identifier: Apache-2.0
// Writes the pages of tests/support/page_scenarios.hpp, one <name>.html each, into the directory
// argv[1], for check_page.py to compare with web/wheel/assemble.py's render().
#include <fstream>
#include <iostream>
#include <string>

#include "page_scenarios.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: page_fixture DIR\n";
    return 2;
  }
  for (const auto& [name, page] : page_scenarios::pages()) {
    std::ofstream out(std::string(argv[1]) + "/" + name + ".html", std::ios::binary);
    out << page;
    if (!out) {
      std::cerr << "cannot write " << name << ".html\n";
      return 1;
    }
  }
  return 0;
}
