# SPDX-License-Identifier: GPL-2.0-or-later
# include(platform/image): the KOS SDK's solution images, as bundles that
# nkinit runs.
#
#   build_kos_qemu_image(NAME EINIT_ENTITY E CONNECTIONS_CFG init.yaml.in
#                        SECURITY_PSL security.psl [IMAGE_FILES entity...]
#                        [entity...] [other SDK arguments])
#   build_kos_hw_image(the same)
#
# NAME builds ${CMAKE_BINARY_DIR}/NAME/ (part of `make all`):
#   the entities' executables (targets or files; empty names, such as
#   ${ns_ENTITY}, are skipped), init.yaml (CONNECTIONS_CFG with the SDK's
#   placeholders @INIT_<program>_ENTITY_CONNECTIONS[+]@ and
#   @INIT_EXTERNAL_ENTITIES@ expanded to nothing, other @VAR@ to CMake
#   variables, an unknown one an error), SECURITY_PSL and every .psl next
#   to it, the descriptions of nk_build_edl_files (m.Entity.json) and
#   run.sh.  `nkinit check` validates init.yaml and `nkpolicy check` the
#   policy when the bundle is built (-DNKIPC_POLICY=OFF: the bundle runs
#   without loading the policy, and says so).  E is a custom target that
#   builds the bundle (it may be given properties).
# build_kos_qemu_image also adds the target `sim` (KOS: run the image in
# QEMU): NAME/run.sh, i.e. nkinit run on this host when /dev/nkipc is
# there and we are root, else in the nkipc VM (selftests/vm-run) when the
# SDK is a checkout.  NKINIT_ARGS (cache, default "--until;clients": stop
# when every entity that no connection targets has exited, or the first
# entity when there are no static connections) are nkinit's run options.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/../nkipc-setup.cmake")

option(NKIPC_POLICY "load the solution's SECURITY_PSL when it runs" ON)
set(NKINIT_ARGS "--until;clients" CACHE STRING "nkinit run options for the sim target")

# init.yaml.in -> init.yaml (same lines)
function(_nkipc_init_yaml IN OUT TMP)
  file(READ "${IN}" text)
  string(REGEX MATCHALL "@[A-Za-z_][A-Za-z0-9_]*\\+?@" refs "${text}")
  list(REMOVE_DUPLICATES refs)
  foreach(ref IN LISTS refs)
    string(REGEX REPLACE "^@(.*)@$" "\\1" var "${ref}")
    if(var MATCHES "^INIT_.+_ENTITY_CONNECTIONS\\+?$" OR var STREQUAL "INIT_EXTERNAL_ENTITIES")
      set(value "")
    elseif(DEFINED ${var})
      set(value "${${var}}")
    else()
      message(FATAL_ERROR "${IN}: unknown placeholder ${ref} (not a CMake variable)")
    endif()
    string(REPLACE "${ref}" "${value}" text "${text}")
  endforeach()
  file(WRITE "${TMP}" "${text}")
  configure_file("${TMP}" "${OUT}" COPYONLY)
endfunction()

function(_nkipc_image KIND NAME)
  cmake_parse_arguments(PARSE_ARGV 2 ARG ""
    "EINIT_ENTITY;CONNECTIONS_CFG;SECURITY_PSL;SECURITY_CFG;GINGER_ENABLE;QEMU_FLAGS;QEMU_USER_NETWORK_FLAGS;KLOG_ENTITY;KSS_LOG"
    "IMAGE_FILES;QEMU_DEPENDENCIES;GINGER_DEFINITIONS;PACK_DEPS;PACK_DEPS_COPY_ONLY;PACK_DEPS_LIBS_PATH;PACK_DEPS_COPY_TARGET")
  if(NOT ARG_CONNECTIONS_CFG)
    message(FATAL_ERROR "build_kos_${KIND}_image(${NAME}): CONNECTIONS_CFG is required")
  endif()
  if(ARG_SECURITY_CFG AND NOT ARG_SECURITY_PSL)
    message(FATAL_ERROR "build_kos_${KIND}_image(${NAME}): SECURITY_CFG (the old CFG policy) is not supported: use SECURITY_PSL")
  endif()
  if(ARG_GINGER_ENABLE)
    message(WARNING "build_kos_${KIND}_image(${NAME}): GINGER templates are not expanded")
  endif()
  set(dir "${CMAKE_BINARY_DIR}/${NAME}")
  file(MAKE_DIRECTORY "${dir}")
  get_filename_component(cfg "${ARG_CONNECTIONS_CFG}" ABSOLUTE)
  _nkipc_init_yaml("${cfg}" "${dir}/init.yaml" "${CMAKE_CURRENT_BINARY_DIR}/${NAME}-init.yaml")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${cfg}")

  set(cmds)
  set(deps "${dir}/init.yaml")
  set(tdeps)
  foreach(ent IN LISTS ARG_IMAGE_FILES ARG_UNPARSED_ARGUMENTS)
    if(ent STREQUAL "")
      continue()
    elseif(TARGET ${ent})
      list(APPEND cmds COMMAND ${CMAKE_COMMAND} -E copy_if_different "$<TARGET_FILE:${ent}>" "${dir}/")
      list(APPEND tdeps ${ent})
    elseif(EXISTS "${ent}")
      get_filename_component(f "${ent}" ABSOLUTE)
      list(APPEND cmds COMMAND ${CMAKE_COMMAND} -E copy_if_different "${f}" "${dir}/")
      list(APPEND deps "${f}")
    else()
      message(FATAL_ERROR "build_kos_${KIND}_image(${NAME}): '${ent}' is neither a target nor a file (an SDK entity that nkipc does not provide?)")
    endif()
  endforeach()

  get_property(descs GLOBAL PROPERTY NKIPC_DESCRIPTIONS)
  get_property(desc_targets GLOBAL PROPERTY NKIPC_DESCRIPTION_TARGETS)
  foreach(j IN LISTS descs)
    list(APPEND cmds COMMAND ${CMAKE_COMMAND} -E copy_if_different "${j}" "${dir}/")
  endforeach()
  set(policy_args)
  if(ARG_SECURITY_PSL)
    get_filename_component(psl "${ARG_SECURITY_PSL}" ABSOLUTE)
    get_filename_component(psldir "${psl}" DIRECTORY)
    get_filename_component(pslname "${psl}" NAME)
    file(GLOB psls "${psldir}/*.psl")
    foreach(p IN LISTS psls)
      list(APPEND cmds COMMAND ${CMAKE_COMMAND} -E copy_if_different "${p}" "${dir}/")
      list(APPEND deps "${p}")
    endforeach()
    if(NKIPC_POLICY)
      list(APPEND cmds COMMAND "${NKIPC_NKPOLICY}" check -I "${dir}" "${dir}/${pslname}")
      set(policy_args --policy "${dir}/${pslname}" -I "${dir}")
    endif()
  endif()
  list(APPEND cmds COMMAND "${NKIPC_NKINIT}" check ${policy_args} "${dir}/init.yaml")
  set(nkinit_args ${policy_args} ${NKINIT_ARGS})
  list(JOIN nkinit_args " " nkinit_args_str)
  if(ARG_SECURITY_PSL AND NOT NKIPC_POLICY)
    set(note "echo 'run.sh: NKIPC_POLICY=OFF: the solution runs without its security policy' >&2")
  else()
    set(note ":")
  endif()
  set(runin "${CMAKE_CURRENT_BINARY_DIR}/${NAME}-run.sh")
  file(WRITE "${runin}"
"#!/bin/sh
# Runs this solution with nkinit (generated by platform/image).
${note}
exec \"${NKIPC_RUN}\" \"${NKIPC_NKINIT}\" \"${dir}\" ${nkinit_args_str} \"\$@\"
")
  file(CHMOD "${runin}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
       GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  configure_file("${runin}" "${dir}/run.sh" COPYONLY)

  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${NAME}.stamp")
  add_custom_command(OUTPUT "${stamp}"
    ${cmds}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${deps} ${tdeps} ${descs}
    COMMENT "bundle ${NAME}: executables, init.yaml, policy"
    VERBATIM)
  if(ARG_EINIT_ENTITY)
    set(einit ${ARG_EINIT_ENTITY})
  else()
    set(einit ${NAME}-einit)
  endif()
  add_custom_target(${einit} DEPENDS "${stamp}")
  foreach(t IN LISTS tdeps desc_targets)
    add_dependencies(${einit} ${t})
  endforeach()
  add_custom_target(${NAME} ALL)
  add_dependencies(${NAME} ${einit})
  if(KIND STREQUAL "qemu")
    add_custom_target(sim COMMAND "${dir}/run.sh" USES_TERMINAL VERBATIM)
    add_dependencies(sim ${NAME})
  endif()
endfunction()

function(build_kos_qemu_image NAME)
  _nkipc_image(qemu ${NAME} ${ARGN})
endfunction()

function(build_kos_hw_image NAME)
  _nkipc_image(hw ${NAME} ${ARGN})
endfunction()
