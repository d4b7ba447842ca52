/*
 * serve.h - `oomscan serve`: the live exporter front end (sources, scanners,
 * store, state file, HTTP server).
 */
#ifndef OOMSCAN_CLI_SERVE_H
#define OOMSCAN_CLI_SERVE_H

/*
 * Runs `oomscan serve`; argv[0] is "serve". Returns the process exit
 * status: 0 after SIGTERM/SIGINT, 1 when it cannot start (a source or a
 * listen address fails), 2 on a bad flag.
 */
int serve_main(int argc, char **argv);

#endif
