/*
 * serve.h - `oomscan serve`: the live collector and exporter.
 */
#ifndef OOMSCAN_CLI_SERVE_H
#define OOMSCAN_CLI_SERVE_H

/* Runs the exporter until SIGTERM/SIGINT. argv[0] is "serve". Returns the
 * process exit status: 0 after a clean stop, 2 for a bad flag. */
int serve_main(int argc, char **argv);

#endif
