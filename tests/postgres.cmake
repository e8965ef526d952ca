# A throwaway PostgreSQL cluster for the tests that run the store on PostgreSQL too
# (docs/testing.md). ctest starts it once, as the fixture `postgres`, with scripts/postgres-cluster
# (a Unix socket in a directory under /tmp named after this build tree, no TCP port) and stops it
# after the last test that needs it. Such a test gets the cluster's URL in OPSWHEEL_TEST_POSTGRES.
#
# OPSWHEEL_TEST_POSTGRES: ON requires the server binaries (CI sets it, so these tests never skip
# there); AUTO (the default) uses them when found and otherwise says loudly that the PostgreSQL
# half of the suite is not registered; OFF leaves it out.
set(OPSWHEEL_TEST_POSTGRES AUTO CACHE STRING "Run the store's tests on PostgreSQL too: ON, OFF or AUTO")
set_property(CACHE OPSWHEEL_TEST_POSTGRES PROPERTY STRINGS ON OFF AUTO)

set(OPSWHEEL_TEST_POSTGRES_URL "")
# The properties a test that uses the cluster takes (set_tests_properties(... PROPERTIES ${...})).
set(OPSWHEEL_POSTGRES_TEST_PROPERTIES "")

if(NOT OPSWHEEL_TEST_POSTGRES STREQUAL "OFF")
  file(GLOB _opswheel_pg_bindirs "/usr/lib/postgresql/*/bin")
  list(SORT _opswheel_pg_bindirs COMPARE NATURAL ORDER DESCENDING)
  find_program(OPSWHEEL_PG_CTL pg_ctl HINTS $ENV{OPSWHEEL_PG_BINDIR} ${_opswheel_pg_bindirs} NO_CACHE)
  if(NOT OPSWHEEL_PG_CTL)
    set(_opswheel_pg_why "the PostgreSQL server binaries (pg_ctl, initdb) are not installed (Debian: postgresql-15)")
  elseif(NOT OPSWHEEL_HAS_POSTGRES)
    set(_opswheel_pg_why "this build has no PostgreSQL backend (OPSWHEEL_WITH_POSTGRES is off or libpq was not found)")
  endif()
  if(_opswheel_pg_why AND OPSWHEEL_TEST_POSTGRES STREQUAL "ON")
    message(FATAL_ERROR "opswheel: OPSWHEEL_TEST_POSTGRES is ON but ${_opswheel_pg_why}")
  elseif(_opswheel_pg_why)
    message(WARNING "opswheel: THE STORE IS NOT TESTED ON POSTGRESQL in this build: ${_opswheel_pg_why}. "
                    "Set OPSWHEEL_TEST_POSTGRES=ON to make this an error, OFF to silence it.")
  else()
    cmake_path(GET OPSWHEEL_PG_CTL PARENT_PATH _opswheel_pg_bindir)
    string(MD5 _opswheel_pg_tag "${CMAKE_BINARY_DIR}")
    string(SUBSTRING "${_opswheel_pg_tag}" 0 12 _opswheel_pg_tag)
    set(_opswheel_pg_dir "/tmp/opswheel-pg-${_opswheel_pg_tag}")
    set(_opswheel_pg_script "${PROJECT_SOURCE_DIR}/scripts/postgres-cluster")
    # A cluster left by an interrupted run is stopped first, so the start finds its directory free.
    add_test(NAME postgres.start
      COMMAND sh -c "\"$1\" stop \"$2\" && \"$1\" start \"$2\"" sh "${_opswheel_pg_script}" "${_opswheel_pg_dir}")
    add_test(NAME postgres.stop COMMAND "${_opswheel_pg_script}" stop "${_opswheel_pg_dir}")
    # Without fsync: the tests check commits, conflicts and clients killed, not power loss.
    set_tests_properties(postgres.start PROPERTIES FIXTURES_SETUP postgres LABELS postgres
                         ENVIRONMENT "OPSWHEEL_PG_BINDIR=${_opswheel_pg_bindir};OPSWHEEL_PG_FSYNC=off" TIMEOUT 120)
    set_tests_properties(postgres.stop PROPERTIES FIXTURES_CLEANUP postgres LABELS postgres
                         ENVIRONMENT "OPSWHEEL_PG_BINDIR=${_opswheel_pg_bindir}" TIMEOUT 120)
    set(OPSWHEEL_TEST_POSTGRES_URL "postgresql:///postgres?host=${_opswheel_pg_dir}&user=postgres")
    set(OPSWHEEL_POSTGRES_TEST_PROPERTIES FIXTURES_REQUIRED postgres
        ENVIRONMENT "OPSWHEEL_TEST_POSTGRES=${OPSWHEEL_TEST_POSTGRES_URL}")
  endif()
endif()
