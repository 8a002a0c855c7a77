# The commit smsgw --version names: from git in a checkout, from cmake/git_commit.txt in a `git archive`
# tarball (export-subst fills it in), else "unknown". Writes ${PROJECT_BINARY_DIR}/generated/smsgw_version.hpp.
set(SMSGW_GIT_COMMIT "unknown")

# A commit moves HEAD or the branch's ref: depending on those files re-runs the configure step, so the
# header never names a stale commit.
function(smsgw_configure_depends_on_git_path git_path)
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --git-path "${git_path}"
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE path
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(path AND NOT IS_ABSOLUTE "${path}")
    set(path "${PROJECT_SOURCE_DIR}/${path}")
  endif()
  if(path AND EXISTS "${path}")
    set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${path}")
  endif()
endfunction()

find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE commit
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND commit)
    set(SMSGW_GIT_COMMIT "${commit}")
    execute_process(COMMAND "${GIT_EXECUTABLE}" symbolic-ref -q HEAD
                    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE branch_ref
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(git_path HEAD packed-refs ${branch_ref})
      smsgw_configure_depends_on_git_path(${git_path})
    endforeach()
  endif()
endif()
if(SMSGW_GIT_COMMIT STREQUAL "unknown" AND EXISTS "${PROJECT_SOURCE_DIR}/cmake/git_commit.txt")
  file(STRINGS "${PROJECT_SOURCE_DIR}/cmake/git_commit.txt" archived LIMIT_COUNT 1)
  if(archived AND NOT archived MATCHES "Format")
    set(SMSGW_GIT_COMMIT "${archived}")
  endif()
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/smsgw_version.hpp.in"
               "${PROJECT_BINARY_DIR}/generated/smsgw_version.hpp" @ONLY)
