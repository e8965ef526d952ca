// SPDX-License-Identifier: Apache-2.0
// Compiles ActionBook's checks and changes (include/opswheel/impl/action_book-inl.hpp) into the opswheel library.
#include <opswheel/impl/action_book-inl.hpp>
