// The one source file of the precompiled-header targets (cmake/CivitasBuildSpeed.cmake): a target
// needs a source to compile its precompiled header with; this file adds nothing else.
