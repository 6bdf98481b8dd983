# The browser tests (tests/web/e2e): the web host end to end in Debian's
# Chromium, driven by playwright-core, with axe-core on every page. They
# report themselves skipped (77), with the reason, when Chromium or the npm
# packages (`make setup` runs npm ci) are missing; never a silent pass.
find_program(ONBOARD_NODE node)
if(ONBOARD_NODE)
  add_test(NAME web_e2e
           COMMAND ${ONBOARD_NODE} ${CMAKE_CURRENT_LIST_DIR}/e2e/run.mjs --onboard $<TARGET_FILE:onboard_cli>
                   --web $<TARGET_FILE:onboard_web>)
else()
  add_test(NAME web_e2e COMMAND sh -c "echo 'SKIPPED: the browser tests need Node.js (Debian package nodejs; make setup installs it).'; exit 77")
endif()
# Chromium takes both cores while it runs: not beside another browser test.
set_tests_properties(web_e2e PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 RUN_SERIAL TRUE LABELS web ENVIRONMENT "TZ=UTC")
