/*
 * apprules_table.c - the application message table: one row per documented
 * message shape (family, runtime, kind, merge behaviour, the literal that
 * must occur, a PCRE2 pattern with named groups, an example line). Sources
 * of every template: ../shared/spec/app-formats.md. Adding a runtime's new
 * wording is one row here plus a golden test under tests/data/apps/.
 *
 * Pure constant data; thread-safe. Rows are tried in order and the first
 * match wins, so specific rows come before generic ones.
 */
#include <string.h>

#include "apprules_int.h"

#define K_COMMIT EV_COMMIT_LIMIT
#define K_ALLOC EV_ALLOC_FAILURE
#define K_RT EV_RUNTIME_OOM
#define K_WARN EV_MEMORY_WARNING
#define K_KILL EV_OOM_KILL
#define K_UKILL EV_USERSPACE_OOM_KILL

/* Line prefixes some programs print themselves (not recognised by prefix.c). */
/* After "N:" the pid is the second number: grep -n's line number before a
 * Redis line, read the same whether prefix.c took the label off or not
 * (KeyDB's own "pid:tid:R" has that shape too, and reads as its tid). */
#define REDIS_PFX "(?:(?:^|(?<=\\s)|(?<=\\d:))(?:(?<pid>\\d+):[A-Z] |\\[(?<pid>\\d+)\\] )\\d{1,2} \\S+ (?:\\d{4} )?[\\d:.]+ [#*.\\-] )?"
/* nginx's error log prefix; optional, since the phrase anchors the event
 * (prefix.c may have stripped the prefix, or another one may stand there). */
#define NGX_PFX "(?:(?:(?:\\d{4}/\\d\\d/\\d\\d )?\\d\\d:\\d\\d:\\d\\d )?\\[\\w+\\] (?<pid>\\d+)#\\d+: (?:\\*\\d+ )?)?"
/* The pid PHP's own wrappers name: Apache 2.4's [pid N] (also [pid N:tid T])
 * and php-fpm's "child N said into stderr". */
#define PHP_PFX "(?:\\[pid (?<pid>\\d+)(?::tid \\d+)?\\].*?|\\bchild (?<pid>\\d+) said into std(?:err|out): .*?)?"
/* Chromium's and Electron's log prefix: [pid:tid:MMDD/HHMMSS.micros:LEVEL:file(line)]. */
#define CHROME_PFX "(?:\\[(?:(?<pid>\\d+):)?(?:\\d+:)?\\d{4}/\\d{6}(?:\\.\\d+)?:[A-Z]+:[^\\]]*\\]\\s*)?"
/* Start of a word: what stands before it is an unknown prefix, never the name. */
#define WB "(?:^|(?<=[\\s|>\\]:;,(\"'`\\x80-\\xff]))"
#define PG_PFX "(?:^(?!\\[\\d+-\\d+\\] ).*?\\[(?<pid>\\d+)(?:-\\d+|,[^\\]]*)?\\][^\\[]*?)?"
/* The end of a Go throw's line: the line's end, or a line break escaped
 * once or more inside a relayed string (an OCI hook's stderr quoted in
 * runc's error, quoted again by docker: "out of memory\\\\n\\\\nruntime stack:"). */
#define GO_EOL "(?:\\s*$|\\\\+n)"
/* The JVM's class name as a noun in a sentence: behind an article or
 * demonstrative and followed by a word, not by ':' or the line's end ("So
 * the java.lang.OutOfMemoryError stack trace is not getting logged"). A
 * log line that names the throwable so ("Caught a java.lang.OutOfMemoryError:
 * Java heap space") still carries its ':' and detail. */
#define JVM_OOME_NOUN "(?!(?<=\\bthe |\\bThe |\\ba |\\bA |\\ban |\\bAn |\\bthis |\\bThis |\\bthat |\\bThat |\\bany |\\bno )java\\.lang\\.OutOfMemoryError [a-z])" JVM_OOME_PROSE
/* The throwable named inside a sentence that goes on after one of the
 * VM's own fixed detail messages ("... would actually catch
 * java.util.concurrent.ExecutionException: java.lang.OutOfMemoryError: GC
 * overhead limit exceeded and act on it ..."): the VM ends its line after
 * the detail (a frame or the next record follows), a conjunction and a
 * word after it are the writer's sentence. */
#define JVM_OOME_PROSE "(?!java\\.lang\\.OutOfMemoryError: (?:Java heap space|GC overhead limit exceeded|Metaspace|Compressed class space|Direct buffer memory|unable to create (?:new )?native thread) (?:and|or|but|because|when|whenever|which|unless) \\w)"
/* After a quoted syscall error ("...: Cannot allocate memory"): the quote
 * closes and the sentence goes on in prose ("this error \"...\" can appear
 * in ..."), which names the message, no failure. A logfmt or JSON field
 * ("err=\"...\" pid=1", "...\",") still counts. */
#define QUOTED_IN_PROSE "(?![\"'`] +[a-z]+ )"
/* Redis's "Can't save in background: fork: ..." (row redis-bgsave-fork):
 * "background" is no program's name. */
#define NOT_BACKGROUND "(?!background: )"
/* Any character short of the message itself: a Lua line's lead may not
 * reach past its own "not enough memory" to a later one (two lines a
 * hard-wrap guess put together are two failures, not one). */
#define NOT_PAST_ENOUGH "(?:(?!not enough memory).)"
#define UNIT "(?<unit>[^\\s:`]+\\.(?:service|scope|slice|socket|mount|swap|target|timer|path|automount))"

#define R(fam, rt, kind, act, grp, slot, prio, fl, eno, comm, killer, lit, pat, ex) \
	{ fam, rt, kind, act, grp, slot, prio, fl, eno, comm, killer, lit, pat, ex }

const struct app_rule_def app_rule_defs[] = {
	/* ---- Go runtime ---- */
	R("go-virtualalloc", "go", K_ALLOC, APP_A_ATTACH, APP_G_GO, 0, 3, 0, -1, NULL, NULL,
	  "VirtualAlloc of ",
	  "runtime: VirtualAlloc of (?<bytes>\\d+) bytes failed with errno=(?<errno>\\d+)",
	  "runtime: VirtualAlloc of 1048576 bytes failed with errno=1455"),
	R("go-mmap", "go", K_ALLOC, APP_A_ATTACH, APP_G_GO, 1, 3, 0, -1, NULL, NULL,
	  "runtime: mmap(",
	  "runtime: mmap\\((?:0x)?[0-9a-fA-F]+, (?<bytes>\\d+)\\) returned (?:0x)?[0-9a-fA-F]+, (?<errno>\\d+)",
	  "runtime: mmap(0xc000000000, 67108864) returned 0x0, 12"),
	R("go-heap-grow", "go", K_RT, APP_A_ATTACH, APP_G_GO, 2, 3, 0, -1, NULL, NULL,
	  "runtime: out of memory: cannot allocate",
	  "runtime: out of memory: cannot allocate (?<bytes>\\d+)-byte block",
	  "runtime: out of memory: cannot allocate 67108864-byte block (272334848 in use)"),
	R("go-newosproc", "go", K_ALLOC, APP_A_ATTACH, APP_G_GO, 3, 3, 0, -1, NULL, NULL,
	  "failed to create new OS thread",
	  "runtime: failed to create new OS thread \\(have \\d+ already; errno=(?<errno>1455|12|8|14)\\)",
	  "runtime: failed to create new OS thread (have 1021 already; errno=1455)"),
	R("go-fatal-runtime-oom", "go", K_RT, APP_A_ATTACH, APP_G_GO, 4, 2, 0, 12, NULL, NULL,
	  "fatal error: runtime: out of memory",
	  "fatal error: runtime: out of memory" GO_EOL,
	  "fatal error: runtime: out of memory"),
	R("go-fatal-oom", "go", K_RT, APP_A_ATTACH, APP_G_GO, 5, 2, 0, -1, NULL, NULL,
	  "fatal error: out of memory",
	  "fatal error: out of memory(?: allocating (?:heap arena map|heap arena metadata|allArenas)| \\(stackalloc\\))?" GO_EOL,
	  "fatal error: out of memory"),
	R("go-fatal-cannot-allocate", "go", K_RT, APP_A_ATTACH, APP_G_GO, 6, 2, 0, -1, NULL, NULL,
	  "fatal error: runtime: cannot allocate memory",
	  "fatal error: runtime: cannot allocate memory\\s*$",
	  "fatal error: runtime: cannot allocate memory"),
	R("go-fatal-commit-pages", "go", K_ALLOC, APP_A_ATTACH, APP_G_GO, 7, 1, 0, -1, NULL, NULL,
	  "fatal error: runtime: ",
	  "fatal error: runtime: (?:failed to commit pages|cannot map pages in arena address space)\\s*$",
	  "fatal error: runtime: failed to commit pages"),
	R("go-reservation", "go", K_RT, APP_A_ATTACH, APP_G_GO, 8, 2, 0, -1, NULL, NULL,
	  "memory reservation exceeds address space limit",
	  "fatal error: memory reservation exceeds address space limit",
	  "fatal error: memory reservation exceeds address space limit"),
	/* mpagealloc_64bit.go sysInit: the page allocator's summary reservation
	 * (sysReserve) failed at start-up, seen under `ulimit -v`. */
	R("go-reserve-page-summary", "go", K_RT, APP_A_ATTACH, APP_G_GO, 8, 2, 0, -1, NULL, NULL,
	  "failed to reserve page summary memory",
	  "fatal error: failed to reserve page summary memory\\s*$",
	  "fatal error: failed to reserve page summary memory"),

	/* A frame of package main in a Go crash's stack: the directory of
	 * main.go names the program ("/src/cmd/prog/main.go:12 +0x1d"), when
	 * neither a tag nor a shell prompt does. In the module cache the
	 * directory carries the module's version ("/go/pkg/mod/github.com/o/
	 * prog@v0.2.2/main.go"): the name stops at the '@'. */
	R("go-main-frame", "go", K_RT, APP_A_CTX, APP_G_GO, 9, 0, 0, -1, NULL, NULL,
	  "main.go:",
	  "^\\s*(?:[A-Za-z]:)?(?:\\S*[/\\\\])?(?<prog>[^/\\\\\\s@]+)(?:@v\\d[^/\\\\\\s]*)?[/\\\\]main\\.go:\\d+",
	  "\t/home/app/src/cmd/bigalloc/main.go:12 +0x1d"),

	/* ---- JVM: HotSpot fatal errors (one hs_err incident) ---- */
	/* Another thread's failure of the same size inside one crash report
	 * ("[thread N also had an error]") is that crash; once hs_err_pidN.log
	 * is named, the next warning is another launch's. */
	R("jvm-commit-memory", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 0, 3, APP_F_REPEAT | APP_F_NOPIDREP, -1, NULL, NULL,
	  "os::commit_memory(",
	  "os::commit_memory\\((?:0x)?[0-9a-fA-F]+, (?<bytes>\\d+), \\d+\\) failed; error='.*' \\((?:DOS error/)?errno=(?<errno>\\d+)\\)",
	  "OpenJDK 64-Bit Server VM warning: INFO: os::commit_memory(0x00007fd9e4000000, 42949672960, 0) failed; error='Not enough space' (errno=12)"),
	/* The same warning wrapped by a person or a console: its error text
	 * and errno follow on lines of their own. */
	R("jvm-commit-memory-wrapped", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 0, 3, 0, -1, NULL, NULL,
	  "os::commit_memory(",
	  "os::commit_memory\\((?:0x)?[0-9a-fA-F]+, (?<bytes>\\d+), \\d+\\) failed;?\\s*$",
	  "  os::commit_memory(0x0000000540000000, 11811160064, 0) failed;"),
	R("jvm-commit-memory-errno-line", "jvm", K_ALLOC, APP_A_CTX, APP_G_JVM, 6, 0, 0, -1, NULL, NULL,
	  "errno=",
	  "^\\s*(?:error='[^']*'\\s*)?\\((?:DOS error/)?errno=(?<errno>\\d+)\\)\\s*$",
	  "  (DOS error/errno=1455)"),
	R("jvm-commit-memory-error-line", "jvm", K_ALLOC, APP_A_CTX, APP_G_JVM, 7, 0, 0, -1, NULL, NULL,
	  "error='",
	  "^\\s*error='[^']*'\\s*$",
	  "  error='The paging file is too small for this operation to complete'"),
	/* The launcher's verdict on a JVM that did not start: that launch's
	 * report is over, so a warning after it is another launch's (a test
	 * runner forking JVMs one after another). */
	R("jvm-vm-init-error-ends", "jvm", K_ALLOC, APP_A_CTX, APP_G_JVM, 12, 0, APP_F_ENDS, -1, NULL, NULL,
	  "Error occurred during initialization of VM",
	  "Error occurred during initialization of VM",
	  "[ERROR] Error occurred during initialization of VM"),
	R("jvm-insufficient-memory", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 1, 2, APP_F_REPEAT | APP_F_VMDIES, -1, NULL, NULL,
	  "insufficient memory for the Java Runtime Environment",
	  "There is insufficient memory for the Java Runtime Environment to continue(?:.{0,80}?Native memory allocation \\((?:mmap|malloc|mprotect)\\) failed to (?:map|allocate|protect) (?<bytes>\\d+) bytes)?(?:.{0,300}?hs_err_pid(?<pid>\\d+)\\.log)?",
	  "# There is insufficient memory for the Java Runtime Environment to continue."),
	/* Retold, the call's name may go and the size turn into bold
	 * markers ("Native memory allocation failed to map **bytes"). */
	R("jvm-native-allocation", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 2, 2, APP_F_REPEAT | APP_F_VMDIES, -1, NULL, NULL,
	  "Native memory allocation ",
	  "Native memory allocation (?:\\((?:mmap|malloc|mprotect)\\) )?failed to (?:map|allocate|protect) (?:(?<bytes>\\d+) |\\*+ ?)bytes",
	  "# Native memory allocation (mmap) failed to map 268435456 bytes for G1 virtual space"),
	R("jvm-out-of-swap", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 3, 2, APP_F_VMDIES, -1, NULL, NULL,
	  "Out of swap space?",
	  "java\\.lang\\.OutOfMemoryError: requested (?<bytes>\\d+) bytes for .*Out of swap space\\?",
	  "# java.lang.OutOfMemoryError: requested 32744 bytes for ChunkPool::allocate. Out of swap space?"),
	R("jvm-hserr-oom-header", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 4, 1, APP_F_REPEAT | APP_F_VMDIES, -1, NULL, NULL,
	  "Out of Memory Error (",
	  "(?:#|^|\\s)\\s*Out of Memory Error \\([^)]*\\), pid=(?<pid>\\d+)",
	  "#  Out of Memory Error (os_linux.cpp:2832), pid=21361, tid=21362"),
	R("jvm-reserve-heap", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 9, 3, 0, -1, NULL, NULL,
	  "Could not reserve enough space for ",
	  "Could not reserve enough space for (?:(?<size>\\d+[KMG])B )?object heap",
	  "Could not reserve enough space for 4194304KB object heap"),
	R("jvm-class-space", "jvm", K_ALLOC, APP_A_ATTACH, APP_G_JVM, 10, 3, 0, -1, NULL, NULL,
	  "Could not allocate compressed class space",
	  "Could not allocate compressed class space: (?<bytes>\\d+) bytes",
	  "Could not allocate compressed class space: 1073741824 bytes"),
	R("jvm-hserr-file", "jvm", K_ALLOC, APP_A_ENRICH, APP_G_JVM, 5, 0, 0, -1, NULL, NULL,
	  "hs_err_pid",
	  "hs_err_pid(?<pid>\\d+)\\.log",
	  "# /home/app/hs_err_pid21361.log"),

	/* ---- JVM: OutOfMemoryError and relatives ---- */
	/* Crash reporters' titles may put a middle dot (U+00B7) where the
	 * throwable's ": " stands ("java.lang.OutOfMemoryError · Failed to
	 * allocate a 40 byte allocation ...").
	 * "OutOfMemoryError: at Frame(File.java)" is a crash-stats signature
	 * (Socorro names a Java crash by its first frame), not a throw: the
	 * JVM never starts a detail message with "at ". */
	R("jvm-oome-caused-by", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 1, 3, 0, -1, NULL, NULL,
	  "java.lang.OutOfMemoryError",
	  "(?:^|\\s)Caused by: java\\.lang\\.OutOfMemoryError(?!: at )(?:(?:: | \xc2\xb7 )(?:Cannot reserve (?<bytes>\\d+) bytes|Failed to allocate a (?<bytes>\\d+) byte allocation))?",
	  "Caused by: java.lang.OutOfMemoryError: Java heap space"),
	R("jvm-oome-bare", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 2, 2, APP_F_TRAIL, -1, NULL, NULL,
	  "java.lang.OutOfMemoryError",
	  "(?:^|(?<=[\\s|>\\]])(?<!\" )(?<!: ))" JVM_OOME_NOUN "java\\.lang\\.OutOfMemoryError(?!: at )(?:(?:: | \xc2\xb7 )(?:Cannot reserve (?<bytes>\\d+) bytes|Failed to allocate a (?<bytes>\\d+) byte allocation))?",
	  "java.lang.OutOfMemoryError: Java heap space"),
	R("jvm-oome", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 3, 3, APP_F_LEAD, -1, NULL, NULL,
	  "java.lang.OutOfMemoryError",
	  JVM_OOME_NOUN "java\\.lang\\.OutOfMemoryError(?!: at )(?:(?:: | \xc2\xb7 )(?:Cannot reserve (?<bytes>\\d+) bytes|Failed to allocate a (?<bytes>\\d+) byte allocation))?",
	  "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space"),
	/* -Xlog:exceptions: one record per frame the same exception object
	 * unwinds through; the repeats are that one throw. */
	R("jvm-ulog-exception-oome", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 8, 3, APP_F_REPEAT, -1, NULL, NULL,
	  "java/lang/OutOfMemoryError'",
	  "Exception <a 'java/lang/OutOfMemoryError'\\{0x[0-9a-fA-F]+\\}(?:: (?:Cannot reserve (?<bytes>\\d+) bytes)?)?",
	  "[1.236s][info][exceptions  ] Exception <a 'java/lang/OutOfMemoryError'{0x00000000ff8585e8}: Cannot reserve 262144 bytes of direct buffer memory (allocated: 29310240, limit: 29360128)>"),
	/* A line of the stack trace an OutOfMemoryError heads: a frame (also
	 * behind a logger's prefix, or old Spark's without "at"), "... N more",
	 * or a Caused-by/Suppressed line of another exception in the chain. It
	 * keeps the throw open however long its trace, so that a Caused-by
	 * OutOfMemoryError at its end still belongs to it. */
	R("jvm-stack-frame", "jvm", K_RT, APP_A_CTX, APP_G_JVMOOME, 10, 0, 0, -1, NULL, NULL,
	  "",
	  "^(?!.*OutOf(?:Direct)?MemoryError)(?:(?:^|.*?\\s)(?:at [^\\s(]+\\([^()]*\\)|\\.\\.\\. \\d+ (?:more|common frames omitted)|(?:Caused by|Suppressed|Wrapped by): \\S)|\\s+[\\w$.]+\\([\\w$]+\\.\\w+:\\d+\\)\\s*$)",
	  "\tat java.util.Arrays.copyOf(Arrays.java:3332)"),
	/* The head of another exception's trace ("javax.servlet.ServletException:
	 * ...", "Exception in thread "x" java.io.IOException"), not a link of a
	 * chain: the throws logged before it are complete, so a Caused-by
	 * OutOfMemoryError below it is a throw of its own. */
	R("jvm-other-exception", "jvm", K_RT, APP_A_CTX, APP_G_JVMOOME, 11, 0, APP_F_ENDS, -1, NULL, NULL,
	  "",
	  "^(?!.*OutOf(?:Direct)?MemoryError)(?!.*(?:Caused by|Suppressed|Wrapped by): )(?:.*\\s)?(?:Exception in thread \"[^\"]*\" )?[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+(?:Exception|Error|Throwable)(?::\\s|\\s*$)",
	  "javax.servlet.ServletException: org.glassfish.jersey.server.ContainerException: something failed"),
	/* The Kotlin Gradle plugin's verdict on a compile that died of an
	 * OutOfMemoryError in its daemon or worker: the same throw when its
	 * trace is open, else the only word of it in the build output. */
	R("kotlin-not-enough-memory-to-compile", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 12, 1, 0, -1, NULL, NULL,
	  "Not enough memory to run compilation",
	  "Not enough memory to run compilation\\.",
	  "   > Not enough memory to run compilation. Try to increase it via 'gradle.properties':"),
	/* Gradle's own verdict on a build whose daemon threw an OutOfMemoryError
	 * ("* What went wrong:" then "Out of memory. Java heap space", Gradle 8)
	 * and Android Studio's notice ("Out of memory: Java heap space."): the
	 * same throw when its trace is open, else the only word of it. The
	 * detail must be one of the JVM's own, alone on the line. */
	R("gradle-out-of-memory", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 13, 1, 0, -1, NULL, NULL,
	  "Out of memory",
	  "^\\s*(?:> )?Out of memory[.:] (?:Java heap space|Metaspace|GC overhead limit exceeded|Compressed class space|Direct buffer memory)\\.?\\s*$",
	  "Out of memory. Java heap space"),
	/* Gradle 7's verdict prints a failure's message only: under "* What
	 * went wrong:" an OutOfMemoryError is its bare detail "Java heap space"
	 * (scalac's reporter does the same). Only that detail, alone on its
	 * line: "Metaspace" alone is an ordinary word. */
	R("jvm-heap-space-detail-alone", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 13, 1, 0, -1, NULL, NULL,
	  "Java heap space",
	  "^\\s*(?:> )?Java heap space\\s*$",
	  "Java heap space"),
	/* Android Lint's report of a check that died ("> Message: Metaspace"
	 * then "> Stack: OutOfMemoryError", under "Execution failed for task
	 * ':app:lintVitalAnalyzeRelease'."): the throw's class on a line of
	 * its own. */
	R("lint-stack-oome", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 14, 1, 0, -1, NULL, NULL,
	  "Stack: OutOfMemoryError",
	  "^\\s*(?:> )?Stack: OutOfMemoryError\\b",
	  "> Stack: OutOfMemoryError"),
	/* ART when the OutOfMemoryError it was throwing could not be built
	 * either ("OutOfMemoryError thrown while trying to throw
	 * OutOfMemoryError; no stack trace available"), also wrapped in an
	 * app's own exception (GeckoView's GeckoResult$UncaughtException). */
	R("art-oome-while-throwing-oome", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 15, 3, 0, -1, NULL, NULL,
	  "while trying to throw OutOfMemoryError",
	  "\\bOutOfMemoryError thrown while trying to throw OutOfMemoryError\\b",
	  "java.lang.OutOfMemoryError: OutOfMemoryError thrown while trying to throw OutOfMemoryError; no stack trace available"),
	R("jvm-heap-dump", "jvm", K_RT, APP_A_ENRICH, APP_G_JVMOOME, 4, 0, 0, -1, NULL, NULL,
	  "java_pid",
	  "Dumping heap to .*java_pid(?<pid>\\d+)\\.hprof",
	  "Dumping heap to java_pid12345.hprof ..."),
	R("jvm-openj9-dump-event", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 5, 1, 0, -1, NULL, NULL,
	  "java/lang/OutOfMemoryError",
	  "(?:^|\\s)JVMDUMP039I Processing dump event \"systhrow\", detail \"java/lang/OutOfMemoryError\"",
	  "JVMDUMP039I Processing dump event \"systhrow\", detail \"java/lang/OutOfMemoryError\" at 2024/01/02 03:04:05 - please wait."),
	/* The same line wrapped after "systhrow", (a terminal or a paste). */
	R("jvm-openj9-dump-event-wrapped", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 5, 1, 0, -1, NULL, NULL,
	  "java/lang/OutOfMemoryError",
	  "^\\s*detail \"java/lang/OutOfMemoryError\" at \\d{4}/\\d\\d/\\d\\d ",
	  "detail \"java/lang/OutOfMemoryError\" at 2020/02/12 20:46:54 - please wait."),
	R("jvm-openj9-shutdown", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 9, 1, 0, -1, NULL, NULL,
	  "java/lang/OutOfMemoryError",
	  "JVMDUMP046I VM is shutting down\\. Reason: java/lang/OutOfMemoryError",
	  "JVMDUMP046I VM is shutting down. Reason: java/lang/OutOfMemoryError"),
	R("jvm-openj9-dump-file", "jvm", K_RT, APP_A_ENRICH, APP_G_JVMOOME, 6, 0, 0, -1, NULL, NULL,
	  "JVMDUMP",
	  "JVMDUMP0\\d\\dI .*(?:javacore|heapdump|core|Snap)\\.\\d{8}\\.\\d{6}\\.(?<pid>\\d+)\\.\\d{4}\\.",
	  "JVMDUMP032I JVM requested Heap dump using '/tmp/heapdump.20240102.030405.4242.0002.phd' in response to an event"),
	R("jvm-netty-direct", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 7, 3, APP_F_LEAD | APP_F_REPEAT, -1, NULL, NULL,
	  "OutOfDirectMemoryError",
	  "OutOfDirectMemoryError: failed to allocate (?<bytes>\\d+) byte\\(s\\) of direct memory",
	  "io.netty.util.internal.OutOfDirectMemoryError: failed to allocate 16777216 byte(s) of direct memory (used: 1056964615, max: 1073741824)"),
	R("jvm-openj9-heap", "jvm", K_ALLOC, APP_A_OPEN, APP_G_JVM, 8, 3, 0, -1, NULL, NULL,
	  "Failed to instantiate heap",
	  "JVMJ9VM015W Initialization error for library j9gc\\w*\\(\\d+\\): Failed to instantiate heap(?:\\.\\s+(?<size>\\d+[KMGT]?) requested)?",
	  "JVMJ9VM015W Initialization error for library j9gc29(2): Failed to instantiate heap. 2G requested"),
	/* OpenJ9's GC when it cannot allocate the memory space the heap lives
	 * in (the reservation itself, before any -Xmx check). */
	R("jvm-openj9-default-memory-space", "jvm", K_ALLOC, APP_A_OPEN, APP_G_JVM, 8, 3, 0, -1, NULL, NULL,
	  "Failed to allocate default memory space",
	  "JVMJ9VM015W Initialization error for library j9gc\\w*\\(\\d+\\): Failed to allocate default memory space",
	  "JVMJ9VM015W Initialization error for library j9gc29(5): Failed to allocate default memory space."),
	R("jvm-openj9-loadlibrary", "jvm", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "preloadLibrary",
	  "preloadLibrary: LoadLibrary\\(.*\\) error: (?<errhex>5af|8|e)\\s*$",
	  "jvm.dll preloadLibrary: LoadLibrary(C:\\jdk\\bin\\default\\j9prt29.dll) error: 5af"),
	R("jvm-createprocess", "jvm", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "CreateProcess error=",
	  "CreateProcess error=(?<errno>1455|8|14),",
	  "java.io.IOException: Cannot run program \"cmd\": CreateProcess error=1455, The paging file is too small for this operation to complete"),
	R("android-art-alloc", "jvm", K_RT, APP_A_ATTACH, APP_G_JVMOOME, 3, 3, APP_F_LEAD, -1, NULL, NULL,
	  "byte allocation with",
	  "Failed to allocate a (?<bytes>\\d+) byte allocation with \\d+ free bytes",
	  "java.lang.OutOfMemoryError: Failed to allocate a 8388620 byte allocation with 4194304 free bytes and 5MB until OOM"),

	/* ---- Android: the in-kernel lowmemorykiller and the user-space lmkd ----
	 * The kernel driver's kill ("Killing '%s' (%d), adj %hd," since 3.10,
	 * "send sigkill to %d (%s), adj %d, size %d" before) is a kernel line;
	 * lmkd's ("Kill '%s' (%d), uid %d, oom_adj|oom_score_adj %d to free ...",
	 * Android 8's "Killing '%s' (%d), uid %d, adj %d") is logcat. Both print
	 * the victim's oom_score_adj. The tag (lowmemorykiller) is the killer.
	 * Vendor 4.4+ drivers (msm, Amlogic) print the thread group after the
	 * pid: "Killing '%s' (%d) (tgid %d), adj %hd,". */
	R("android-lmkd-kill", "android", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG | APP_F_KERNEL, -1, NULL, "lmkd",
	  "), uid ",
	  "\\bKill(?:ing)? '(?<comm>[^']*)' \\((?<pid>\\d+)\\), uid (?<uid>\\d+), (?:oom_score_adj|oom_adj|adj) (?<adj>-?\\d+)",
	  "lowmemorykiller: Kill 'com.example.app' (3141), uid 10123, oom_adj 900 to free 12345kB"),
	R("android-lmk-kill", "android", K_KILL, APP_A_OPEN, APP_G_LMK, 0, 3, APP_F_NOTAG | APP_F_KERNEL, -1, NULL, "lowmemorykiller",
	  "Killing '",
	  "\\bKilling '(?<comm>[^']*)' \\((?<pid>\\d+)\\)(?: \\(tgid \\d+\\))?, adj (?<adj>-?\\d+)",
	  "<6>lowmemorykiller: Killing 'com.example.app' (3141), adj 1000,"),
	R("android-lmk-sigkill", "android", K_KILL, APP_A_OPEN, APP_G_LMK, 0, 3, APP_F_NOTAG | APP_F_KERNEL, -1, NULL, "lowmemorykiller",
	  "send sigkill to ",
	  "\\bsend sigkill to (?<pid>\\d+) \\((?<comm>[^)]*)\\), adj (?<adj>-?\\d+)",
	  "lowmemorykiller: send sigkill to 2877 (com.android.browser), adj 8, size 9123"),
	/* The driver's kill continues on its next line: "   to free NkB on
	 * behalf of 'kswapd0' (442) because": the task it killed for. */
	R("android-lmk-on-behalf", "android", K_KILL, APP_A_CTX, APP_G_LMK, 1, 0, APP_F_KERNEL, -1, NULL, "lowmemorykiller",
	  "on behalf of '",
	  "to free -?\\d+kB on behalf of '(?<tcomm>[^']*)' \\((?<tpid>\\d+)\\)",
	  "   to free 20784kB on behalf of 'kswapd0' (442) because"),
	/* The driver's candidate line before its kill (debug level 2): no event. */
	R("android-lmk-select", "android", K_KILL, APP_A_SUPPRESS, APP_G_NONE, 0, 0, APP_F_KERNEL, -1, NULL, "lowmemorykiller",
	  ", to kill",
	  "\\bselect .{1,200}?, adj -?\\d+, size -?\\d+, to kill",
	  "lowmemorykiller: select 2877 (com.android.browser), adj 8, size 9123, to kill"),

	/* ---- Chromium / Electron ----
	 * base/process/memory.cc: LOG(FATAL) << "Out of memory. size=" << size,
	 * behind Chromium's [pid:tid:MMDD/HHMMSS.micros:FATAL:file(line)] prefix
	 * (pid and tid each optional). */
	R("chromium-oom-size", "chromium", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of memory. size=",
	  CHROME_PFX "Out of memory\\. size=(?<bytes>\\d+)",
	  "[4121:1130/101500.123456:FATAL:memory.cc(37)] Out of memory. size=8388608"),
	/* memory_win.cc's wording */
	R("chromium-oom-size-win", "chromium", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of memory, size = ",
	  CHROME_PFX "Out of memory, size = (?<bytes>\\d+)",
	  "[5380:0823/221115:FATAL:memory_win.cc(38)] Out of memory, size = 134217763"),
	/* Chrome's and Edge's tab crash page: the sandbox's exit code for a
	 * renderer past its job-object memory cap (SBOX_FATAL_MEMORY_EXCEEDED),
	 * "Error code: Out of Memory" and the old "Aw, Snap!" wording, as people
	 * retype them in prose. An enum or table entry for the code is not one. */
	R("chrome-sbox-memory-exceeded", "chromium", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "SBOX_FATAL_MEMORY_EXCEEDED",
	  "(?<![A-Za-z0-9_])SBOX_FATAL_MEMORY_EXCEEDED\\b(?!\\s*[=,|]\\s*\\d)",
	  "Error code: SBOX_FATAL_MEMORY_EXCEEDED"),
	R("chrome-error-code-oom", "chromium", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI, -1, NULL, NULL,
	  "error code",
	  "(?i)\\bError code:?\\s*\"?Out of Memory\\b",
	  "Error code: Out of Memory"),
	R("chrome-aw-snap-ran-out", "chromium", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI, -1, NULL, NULL,
	  "ran out of memory while trying to display",
	  "(?i)\\b(?:Google Chrome|Chromium|Chrome|Microsoft Edge) ran out of memory while trying to display this web ?page",
	  "Aw, Snap! Google Chrome ran out of memory while trying to display this webpage."),

	/* ---- C++: an uncaught std::bad_alloc (libstdc++'s terminate handler) ---- */
	R("cxx-bad-alloc-terminate", "c++", K_ALLOC, APP_A_ATTACH, APP_G_CXX, 0, 3, 0, -1, NULL, NULL,
	  "bad_alloc",
	  "terminate called after throwing an instance of '(?:std::)?bad_alloc'",
	  "terminate called after throwing an instance of 'std::bad_alloc'"),
	R("cxx-bad-alloc-what", "c++", K_ALLOC, APP_A_ATTACH, APP_G_CXX, 1, 2, 0, -1, NULL, NULL,
	  "bad_alloc",
	  "what\\(\\):\\s+(?:std::)?bad_alloc",
	  "  what():  std::bad_alloc"),
	/* roslaunch's verdict on the node that aborted (exit code -6 is the
	 * SIGABRT of terminate()): it names the process and its pid. */
	R("cxx-ros-process-died-abort", "c++", K_ALLOC, APP_A_CTX, APP_G_CXX, 2, 0, 0, -1, NULL, NULL,
	  "process has died",
	  "process has died \\[pid (?<pid>\\d+), exit code -6, cmd (?<comm>\\S+)",
	  "[kittiHelper-1] process has died [pid 16242, exit code -6, cmd /home/hyx/catkin_ws/devel/lib/aloam_velodyne/kittiHelper __name:=kittiHelper]."),

	/* ---- R, Ruby, Apache httpd (APR), jemalloc, mimalloc ---- */
	R("r-cannot-allocate-vector", "R", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "cannot allocate vector of size",
	  "(?i)Error\\b.{0,80}?:\\s*cannot allocate vector of size ",
	  "Error: cannot allocate vector of size 3.8 Gb"),
	/* R's R_alloc: "cannot allocate memory block of size 2.0 Gb" (memory.c). */
	R("r-cannot-allocate-memory-block", "R", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "cannot allocate memory block of size",
	  "(?i)Error\\b.{0,80}?:\\s*cannot allocate memory block of size ",
	  "Error in tikz_dict(input) : cannot allocate memory block of size 2.0 Gb"),
	R("ruby-nomemoryerror", "ruby", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "NoMemoryError",
	  "NoMemoryError: failed to allocate memory|failed to allocate memory \\(NoMemoryError\\)",
	  "NoMemoryError: failed to allocate memory"),
	R("apr-allocation-failed-abort", "httpd", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Memory allocation failed, aborting process",
	  "Memory allocation failed, aborting process",
	  "[crit] Memory allocation failed, aborting process."),
	R("jemalloc-out-of-memory", "jemalloc", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 0, 3, 0, -1, NULL, NULL,
	  "<jemalloc>",
	  "<jemalloc>: Error in (?:malloc|calloc|realloc|posix_memalign|aligned_alloc|mallocx|rallocx)\\(\\): out of memory(?:\\. Requested: (?<bytes>\\d+))?",
	  "<jemalloc>: Error in malloc(): out of memory. Requested: 96, active: 23622320128"),
	R("jemalloc-requested", "jemalloc", K_ALLOC, APP_A_CTX, APP_G_MALLOC, 1, 0, 0, -1, NULL, NULL,
	  "Requested: ",
	  "^\\s*Requested: (?<bytes>\\d+)\\s*$",
	  " Requested: 2065019520"),
	R("mimalloc-os-alloc", "mimalloc", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 2, 3, APP_F_REPEAT, -1, NULL, NULL,
	  "mimalloc: error: ",
	  "mimalloc: error: (?:thread \\S+: )?(?:unable to allocate (?:OS )?memory \\((?<bytes>\\d+) bytes(?:, error code: (?<errno>\\d+))?|out of memory in )",
	  "mimalloc: error: unable to allocate OS memory (67108864 bytes, error code: 12 [Cannot allocate memory], address: (nil), large only: 0, allow large: 1)"),

	R("mimalloc-os-alloc-warning", "mimalloc", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 3, 1, APP_F_REPEAT, -1, NULL, NULL,
	  "mimalloc: warning: ",
	  "mimalloc: warning: (?:thread \\S+: )?unable to allocate OS memory \\((?:error: (?<errno>\\d+)|(?<bytes>\\d+) bytes, error code: (?<errno>\\d+))",
	  "mimalloc: warning: thread 0x77C0ECE526C0: unable to allocate OS memory (error: 12 (0x0C), addr: 0x00000000, size: 0x2E90F400000 bytes, align: 0x2000000, commit: 1, allow large: 1)"),

	/* ---- compiler-rt / libsanitizer runtimes (ASan, TSan, MSan, ...) ----
	 * sanitizer_common's ReportMmapFailureAndDie: "==PID==ERROR: %s failed
	 * to %s 0x%zx (%zd) bytes of %s (error code: %d)" (older: "(errno:
	 * %d)", "at address %zx", GCC 4.8's "==PID== ERROR: ...: Cannot
	 * allocate memory"); the allocator's refusal of one request ("WARNING:
	 * %s failed to allocate 0x%zx bytes", newer "ERROR: %s: out of memory:
	 * allocator is trying to allocate 0x%zx bytes"). Only "allocate":
	 * "failed to deallocate" is an unmap error, not memory. */
	R("sanitizer-mmap-failed", "sanitizer", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Sanitizer failed to allocate 0x",
	  "==(?<pid>\\d+)==\\s*(?:ERROR|WARNING): \\w*Sanitizer failed to allocate 0x[0-9a-fA-F]+ \\((?<bytes>\\d+)\\) bytes.*?\\((?:error code|errno): (?<errno>\\d+)\\)",
	  "==11150==ERROR: AddressSanitizer failed to allocate 0x20e4000 (34488320) bytes of LargeMmapAllocator (error code: 12)"),
	R("sanitizer-mmap-failed-strerror", "sanitizer", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "Sanitizer failed to allocate 0x",
	  "==(?<pid>\\d+)==\\s*(?:ERROR|WARNING): \\w*Sanitizer failed to allocate 0x[0-9a-fA-F]+ \\((?<bytes>\\d+)\\) bytes.*: Cannot allocate memory",
	  "==51854== ERROR: AddressSanitizer failed to allocate 0x101004000 (4311760896) bytes of LargeMmapAllocator: Cannot allocate memory"),
	R("sanitizer-allocator-oom", "sanitizer", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "to allocate 0x",
	  "==(?<pid>\\d+)==\\s*(?:WARNING: \\w*Sanitizer failed to allocate 0x(?<hexbytes>[0-9a-fA-F]+) bytes\\s*$|ERROR: \\w*Sanitizer: out of memory: allocator is trying to allocate 0x(?<hexbytes>[0-9a-fA-F]+) bytes)",
	  "==9054==WARNING: AddressSanitizer failed to allocate 0x002bffffffd4 bytes"),

	/* ---- Talos: its user-space OOM controller kills a whole cgroup ---- */
	R("talos-oom-controller", "talos", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "talos",
	  "OOMController",
	  "Sending SIGKILL to cgroup .*\"runtime\\.OOMController\".*?\"cgroup\": \"(?<cgroup>[^\"]+)\"",
	  "[talos] Sending SIGKILL to cgroup {\"component\": \"controller-runtime\", \"controller\": \"runtime.OOMController\", \"cgroup\": \"/sys/fs/cgroup/kubepods/burstable/pod77f06c5c-4593-43e9-b970-987f6ecb825b\"}"),

	/* ---- Hadoop YARN: the NodeManager's memory monitor kills a container
	 * over its limit (ContainersMonitorImpl), and Spark or MapReduce relay
	 * the kill as the task's failure reason ---- */
	/* Spark logs one kill twice (the scheduler's "Lost executor N on
	 * HOST: Container killed ..." and each of its tasks' ExecutorLostFailure
	 * with the same reason): grouped, so that the second joins the first
	 * (apprules.c same_yarn_kill). */
	R("yarn-container-killed-memory", "yarn", K_UKILL, APP_A_ATTACH, APP_G_YARN, 0, 3, APP_F_NOTAG, -1, NULL, "yarn",
	  "Container killed by YARN",
	  "Container killed by YARN for exceeding (?:physical |virtual )?memory limits",
	  "Reason: Container killed by YARN for exceeding memory limits. 20.0 GB of 20 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead."),
	R("yarn-container-beyond-memory", "yarn", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "yarn",
	  "beyond ",
	  "Container \\[pid=(?<pid>\\d+),\\s*containerID=[\\w.-]+\\] is running (?:\\S+ )?beyond (?:the '\\w+' )?(?:physical|virtual) memory limits\\..*Killing container",
	  "Container [pid=27934,containerID=container_1467912288000_0001_01_000003] is running beyond physical memory limits. Current usage: 1.1 GB of 1 GB physical memory used; 2.4 GB of 2.1 GB virtual memory used. Killing container."),

	/* ---- Cluster frameworks that watch their workers' memory and kill a
	 * worker themselves ----
	 * dask.distributed's nanny terminates its worker past the "terminate"
	 * fraction of the worker's memory limit and restarts it: "Worker
	 * exceeded 95% memory budget. Restarting" (2022+, logger
	 * distributed.nanny.memory: "Worker tcp://... (pid=129) exceeded 95%
	 * memory budget. Restarting..."). The worker's own "Memory use is
	 * high" and "Pausing worker" warnings kill nothing. */
	R("dask-nanny-memory-budget", "dask", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "dask",
	  "% memory budget",
	  "\\bWorker (?:\\S+ \\(pid=(?<pid>\\d+)\\) )?exceeded \\d+(?:\\.\\d+)?% memory budget\\.",
	  "distributed.nanny.memory - WARNING - Worker tcp://127.0.0.1:34937 (pid=129) exceeded 95% memory budget. Restarting..."),
	/* Ray's memory monitor (in the raylet) kills a worker when the node's
	 * memory passes its threshold; the driver gets
	 * ray.exceptions.OutOfMemoryError ("Task was killed due to the node
	 * running low on memory.", also inside an actor's "Worker exit
	 * detail:") and its detail line names the task's pid; one kill. The
	 * raylet's periodic summary ("2 Workers (tasks / actors) killed due to
	 * memory pressure (OOM), 0 Workers crashed ...") is one record for the
	 * period; with 0 killed it reports crashes only. Its message listing
	 * "(1) The process is killed by SIGKILL by OOM killer" among the
	 * possible causes of a lost worker is no record. */
	R("ray-task-killed-low-memory", "ray", K_UKILL, APP_A_ATTACH, APP_G_RAY, 0, 3, APP_F_NOTAG, -1, NULL, "ray",
	  "running low on memory",
	  "\\bTask was killed due to the node running low on memory\\b",
	  "ray.exceptions.OutOfMemoryError: Task was killed due to the node running low on memory."),
	R("ray-memory-monitor-detail", "ray", K_UKILL, APP_A_ATTACH, APP_G_RAY, 1, 2, APP_F_NOTAG, -1, NULL, "ray",
	  "Memory on the node (IP: ",
	  "\\bMemory on the node \\(IP: [^)]*\\) where the task (?:\\([^)]*?\\bpid=(?<pid>\\d+))?",
	  "Memory on the node (IP: 172.17.0.2, ID: 8c5a1410) where the task (task ID: 41617bc7, name=allocate_memory, pid=548, memory used=12.18GB) was running was 21.91GB / 33.28GB (0.658192), which exceeds the memory usage threshold of 0.65."),
	R("ray-raylet-workers-killed", "ray", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "ray",
	  "killed due to memory pressure (OOM)",
	  "\\b[1-9]\\d* Workers? \\(tasks / actors\\) killed due to memory pressure \\(OOM\\)",
	  "(raylet) node_manager.cc:3277: 2 Workers (tasks / actors) killed due to memory pressure (OOM), 0 Workers crashed due to other reasons at node (ID: 8289f87b, IP: 172.24.0.226) over the last time period."),

	/* ---- Batch schedulers and platforms: a job, step or dyno over its
	 * memory limit, killed by the scheduler itself or by the kernel in the
	 * job's cgroup and relayed by the scheduler. None names a process. ----
	 * Slurm's task/cgroup plugin read the step cgroup's OOM-kill count: the
	 * kernel killed tasks of the step. 17.11-20.x "Detected N oom-kill
	 * event(s) in step J.S cgroup. Some of your processes may have been
	 * killed by the cgroup out-of-memory handler."; 21.08+ "Detected N
	 * oom_kill event(s) in StepId=J.S. Some of the step tasks have been OOM
	 * Killed." (also "oom_kill events"). One line is one report, whatever N. */
	R("slurm-oom-kill-events", "slurm", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "oom",
	  "\\bDetected \\d+ oom[-_]kill events?(?:\\(s\\))? in (?:StepId=|step )\\w",
	  "slurmstepd: error: Detected 1 oom_kill event in StepId=440575.0. Some of the step tasks have been OOM Killed."),
	/* Slurm's jobacct_gather enforcement (no cgroup limit): slurmstepd
	 * polls the tasks' RSS and kills the job or step itself (sizes in KiB;
	 * the tag may carry the node: "slurmstepd-n01: error: ..."). */
	R("slurm-exceeded-memory-kill", "slurm", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "slurm",
	  "exceeded memory limit (",
	  "\\b(?:Job|Step) \\d+(?:\\.\\w+)? exceeded memory limit \\(\\d+ > \\d+\\), being killed",
	  "slurmstepd: error: Job 42664148 exceeded memory limit (10889240 > 4194304), being killed"),
	/* IBM LSF's termination reason in the job report; a sentence quoting
	 * it (in backticks, say) is not a report. */
	R("lsf-term-memlimit", "lsf", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "lsf",
	  "LSF memory usage limit",
	  "(?:^|\\s)TERM_MEMLIMIT: job killed after reaching LSF memory usage limit",
	  "TERM_MEMLIMIT: job killed after reaching LSF memory usage limit."),
	/* PBS Pro's and Torque's MoM kill a job past a memory limit ("=>> PBS:
	 * job killed: mem 38427376kb exceeded limit 33554432kb", also vmem,
	 * pvmem, pmem, "mem job total N kb"); Torque's server mails "Job
	 * exceeded a memory resource limit (vmem, pvmem, etc.). Job was
	 * aborted". A kill for ncpus or walltime is no memory event. */
	R("pbs-job-killed-mem", "pbs", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "pbs",
	  "PBS: job killed: ",
	  "PBS: job killed: p?v?mem(?: job total)? \\d+ ?[kmgtKMGT]?[bB]? exceeded limit",
	  "=>> PBS: job killed: mem 38427376kb exceeded limit 33554432kb"),
	R("torque-memory-resource-limit", "pbs", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "pbs",
	  "exceeded a memory resource limit",
	  "\\bJob exceeded a memory resource limit\\b",
	  "Job exceeded a memory resource limit (vmem, pvmem, etc.). Job was aborted"),
	/* HTCondor's starter kills a job past its memory request and holds it
	 * (hold code 34); the job log prints the reason under the shadow's
	 * exception and again under the hold: one kill. */
	R("htcondor-over-memory-limit", "htcondor", K_UKILL, APP_A_ATTACH, APP_G_CONDOR, 0, 3, APP_F_NOTAG | APP_F_REPEAT, -1, NULL, "htcondor",
	  "over memory limit of ",
	  "\\bJob has gone over (?:cgroup )?memory limit of \\d+ (?:megabytes|MB)",
	  "\tError from slot1_9@worker-0574.novalocal: Job has gone over memory limit of 4096 megabytes. Peak usage: 4088 megabytes."),
	/* Heroku's dyno manager: R15, the dyno far past its memory quota, is
	 * stopped with SIGKILL; R14 (past the quota, swapping) is a warning.
	 * The log's source names the dyno ("heroku[worker.1]:", "heroku/web.1").
	 * The record ends the line; the code in quotes or inside a sentence
	 * ('lots of "Error R14 (Memory quota exceeded)" on Heroku') is prose. */
	R("heroku-r15-kill", "heroku", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG | APP_F_TAGSUB, -1, NULL, "heroku",
	  "Memory quota vastly exceeded",
	  "(?:\\bheroku[\\[/](?<comm>[\\w.-]+)\\]?:?\\s+)?(?<![\"'])Error R15 \\(Memory quota vastly exceeded\\)[\\s`]*$",
	  "2022-01-10T10:58:37.192749+00:00 heroku[worker.1]: Error R15 (Memory quota vastly exceeded)"),
	R("heroku-r14-warning", "heroku", K_WARN, APP_A_OPEN, APP_G_NONE, 0, 1, APP_F_NOTAG | APP_F_TAGSUB, -1, NULL, NULL,
	  "Memory quota exceeded",
	  "(?:\\bheroku[\\[/](?<comm>[\\w.-]+)\\]?:?\\s+)?(?<![\"'])Error R14 \\(Memory quota exceeded\\)[\\s`]*$",
	  "2015-03-03T00:29:31.162237+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)"),
	/* Amazon ECS's stopped reason for a container the kernel OOM-killed
	 * (Docker's OOMKilled relayed by the agent): console, ecs-cli ps,
	 * DescribeTasks. Not a Java error despite its first word. */
	R("ecs-container-oom", "ecs", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "Container killed due to memory usage",
	  "OutOfMemoryError: Container killed due to memory usage",
	  "Status reason\tOutOfMemoryError: Container killed due to memory usage Exit Code\t137"),
	/* The ECS agent's own log when Docker reports a container's OOM event
	 * ("DockerGoClient: process within container <id> (name: \"...\")
	 * died due to OOM"), and runc's error when the kernel OOM-killed its
	 * init process in the new container's cgroup before the container
	 * started ("container init was OOM-killed (memory limit too low?)"),
	 * as Docker, containerd and ECS's CannotStartContainerError relay it. */
	R("ecs-agent-died-due-to-oom", "ecs", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "died due to OOM",
	  "\\bprocess within container \\w+ (?:\\(name: \"[^\"]*\"\\) )?died due to OOM\\b",
	  "2018-10-24T16:25:53Z [INFO] DockerGoClient: process within container db09e0887a0d (name: \"ecs-intel-bc-demo-60-intel-bc-quorum-a8b5ae84e8c197b30200\") died due to OOM"),
	R("runc-init-oom-killed", "runc", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "container init was OOM-killed",
	  "\\bcontainer init was OOM-killed\\b",
	  "OCI runtime create failed: container_linux.go:380: starting container process caused: container init was OOM-killed (memory limit too low?): unknown"),
	/* Cloud Foundry's crash reason when the container's cgroup OOM-killed
	 * the app: Diego "Exited with status 137 (out of memory)", the DEA's
	 * crash metadata "exit_description":"out of memory". An exit status
	 * without the reason is a kill of unknown cause. */
	R("cf-exited-out-of-memory", "cloudfoundry", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "(out of memory)",
	  "\\bExited with status \\d+ \\(out of memory\\)",
	  "exit_description: APP/PROC/WEB: Exited with status 137 (out of memory)"),
	R("cf-dea-exit-description-oom", "cloudfoundry", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "\"out of memory\"",
	  "\"exit_description\"\\s*(?::|=>)\\s*\"out of memory\"",
	  "{\"instance\":\"d9e76a02550f434f9ff2b4e1324b2e9c\",\"index\":1,\"exit_status\":255,\"exit_description\":\"out of memory\",\"reason\":\"CRASHED\"}"),
	/* Google Cloud Run terminates an instance past its memory limit and
	 * logs "Memory limit of 512 MiB exceeded with 516 MiB used." (2021:
	 * "512M ... 526M"). Both sizes are numbers: a masked record ("xx MiB")
	 * is a template, and the docs' "Exceeding limit terminates instance"
	 * is no record. */
	R("cloud-run-memory-limit", "cloud-run", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "cloud-run",
	  "Memory limit of ",
	  "\\bMemory limit of \\d+(?:\\.\\d+)? ?[KMGT]i?B? exceeded with \\d+(?:\\.\\d+)? ?[KMGT]i?B? used\\b",
	  "Memory limit of 512 MiB exceeded with 516 MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits"),
	/* Render stops a service past its plan's memory and reports "Ran out of
	 * memory (used over 512MB) while running your code." (a deploy's
	 * failure reason, an instance's event). */
	R("render-ran-out-of-memory", "render", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "render",
	  "Ran out of memory (used over ",
	  "\\bRan out of memory \\(used over \\d+(?:\\.\\d+)? ?[KMGT]i?B\\) while running your code\\b",
	  "Ran out of memory (used over 512MB) while running your code."),
	/* AWS Lambda's REPORT status for an invocation whose sandbox ran out of
	 * its configured memory ("Status: error\tError Type: Runtime.OutOfMemory",
	 * the Runtime API's errorType in JSON). The name alone in a sentence
	 * ("error_type is Runtime.OutOfMemory") is documentation. */
	R("lambda-runtime-outofmemory", "lambda", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "lambda",
	  "Runtime.OutOfMemory",
	  "(?:\\bError Type:|\"errorType\"\\s*:)\\s*\"?Runtime\\.OutOfMemory\\b",
	  "REPORT RequestId: 0f4c\tDuration: 2019.52 ms\tBilled Duration: 2020 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.OutOfMemory"),
	/* Cloud Functions (1st gen) stops an invocation past the function's
	 * memory: "Error: memory limit exceeded. Function invocation was
	 * interrupted." (2017: "Function killed. Error: memory limit exceeded"). */
	R("cloud-functions-memory-limit", "cloud-functions", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "cloud-functions",
	  "memory limit exceeded",
	  "\\bFunction killed\\. Error: memory limit exceeded\\b|\\bError: memory limit exceeded\\. Function invocation was interrupted\\b",
	  "Error: memory limit exceeded. Function invocation was interrupted."),
	/* Google App Engine (standard) shuts an instance down after a request
	 * that left it past its instance class's memory: the limit record
	 * ("Exceeded soft memory limit of 256 MB with 340 MB after servicing 57
	 * requests total.", before 2018 "soft private memory limit") and the
	 * notice after it ("While handling this request, the process that
	 * handled this request was found to be using too much memory and was
	 * terminated.") are one event; either alone is one too. */
	R("app-engine-memory-limit", "app-engine", K_UKILL, APP_A_ATTACH, APP_G_GAE, 0, 3, APP_F_NOTAG, -1, NULL, "app-engine",
	  "memory limit of ",
	  "\\bExceeded (?:soft |hard )?(?:private )?memory limit of \\d+ ?[MG]B with \\d+ ?[MG]B after servicing \\d+ requests? total",
	  "Exceeded soft memory limit of 256 MB with 340 MB after servicing 57 requests total. Consider setting a larger instance class in app.yaml."),
	R("app-engine-terminated-notice", "app-engine", K_UKILL, APP_A_ATTACH, APP_G_GAE, 1, 2, APP_F_NOTAG, -1, NULL, "app-engine",
	  "too much memory and was terminated",
	  "\\b(?:While|After) handling this request, the process that handled this request was found to be using too much memory and was terminated\\b",
	  "While handling this request, the process that handled this request was found to be using too much memory and was terminated. This is likely to cause a new process to be used for the next request to your application."),
	/* CI services that stop a build container at its memory limit:
	 * CircleCI 1.0 ("Your build has exceeded the memory limit of 4G on 1
	 * container.") and Bitbucket Pipelines ("Container 'Build' exceeded
	 * memory limit."). */
	R("circleci-build-memory-limit", "circleci", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "circleci",
	  "exceeded the memory limit of ",
	  "\\bYour build has exceeded the memory limit of \\d+(?:\\.\\d+)? ?[KMGT]i?B? on \\d+ containers?\\b",
	  "Your build has exceeded the memory limit of 4G on 1 container."),
	R("bitbucket-container-memory-limit", "bitbucket-pipelines", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "bitbucket-pipelines",
	  "exceeded memory limit",
	  "\\bContainer ['\"][\\w .-]{1,64}['\"] exceeded memory limit\\b",
	  "Container 'Build' exceeded memory limit."),
	/* pm2's worker restarts (stops, then starts) an app whose memory passed
	 * --max-memory-restart; since 2.x the sizes follow in octets. "Process
	 * N" is pm2's app id, not a pid. */
	R("pm2-max-memory-restart", "pm2", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "pm2",
	  "max-memory-restart value",
	  "\\[PM2\\]\\[WORKER\\] Process \\S+ restarted because it exceeds --max-memory-restart value",
	  "2016-11-01 21:48:00: [PM2][WORKER] Process 0 restarted because it exceeds --max-memory-restart value (current_memory=39677952 max_memory_limit=250 [octets])"),

	/* ---- Electron: the renderer ended itself on out-of-memory ---- */
	R("electron-renderer-oom", "electron", K_RT, APP_A_ATTACH, APP_G_ELECTRON, 0, 3, 0, -1, NULL, NULL,
	  "process oom",
	  "\\b(?:Renderer|GPU|Utility|Child) process oom\\b",
	  "Renderer process oom - see https://www.electronjs.org/docs/tutorial/application-debugging for potential debugging information."),
	/* The render-process-gone / child-process-gone details object that
	 * console.log printed one member a line ("{", "exitCode: -536870904,",
	 * "reason: oom", "}"): its reason member alone, on a line of its own,
	 * is the event when no "Renderer process oom" line came before. */
	R("electron-gone-details-oom", "electron", K_RT, APP_A_ATTACH, APP_G_ELECTRON, 1, 2, 0, -1, NULL, NULL,
	  "oom",
	  "^\\s*['\"]?reason['\"]?\\s*:\\s*['\"]?oom['\"]?,?\\s*$",
	  "reason: oom"),
	/* An app's own one-line log of the same event ("[time] [CRITICAL]
	 * render-process-gone reason=oom exitCode=-536870904"): the event's
	 * name and its reason close together in one clause. */
	R("electron-gone-line-oom", "electron", K_RT, APP_A_ATTACH, APP_G_ELECTRON, 1, 2, 0, -1, NULL, NULL,
	  "oom",
	  "\\b(?:render|child)-process-gone\\b[^.`*]{0,40}?\\breason\\s*[=:]\\s*['\"]?oom\\b",
	  "[2026-08-14T20:53:05.314Z] [CRITICAL] render-process-gone reason=oom exitCode=-536870904"),
	/* VS Code's (and its forks') dialog for a window whose renderer
	 * ended on out-of-memory (reason 'oom', code -536870904 =
	 * 0xE0000008, V8's OOM exception on Windows); "has crashed" before
	 * 1.77, "terminated unexpectedly" since. */
	R("vscode-window-crashed-oom", "electron", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "reason: 'oom'",
	  "\\bwindow (?:has )?(?:crashed|terminated unexpect[a-z]*)\\s*\\(reason: 'oom'",
	  "The window has crashed (reason: 'oom', code: '-536870904')"),
	/* Signal Desktop's dialog for the same event ("Render process is gone",
	 * then "Error: Reason: oom, Exit Code: -536870904" from its
	 * global_errors handler): reason and exit code in one clause. */
	R("electron-reason-exit-code-oom", "electron", K_RT, APP_A_ATTACH, APP_G_ELECTRON, 1, 2, 0, -1, NULL, NULL,
	  "Reason: oom",
	  "\\bReason: oom, Exit Code: -?\\d+",
	  "Error: Reason: oom, Exit Code: -536870904"),
	R("electron-gone-reason-oom", "electron", K_RT, APP_A_ENRICH, APP_G_ELECTRON, 1, 0, 0, -1, NULL, NULL,
	  "oom",
	  "reason\\W{1,6}oom\\b",
	  "event details : \"{\\\"reason\\\":\\\"oom\\\",\\\"exitCode\\\":-536870904}\""),

	/* ---- Node.js / V8 ---- */
	R("node-gc-trace", "node", K_RT, APP_A_PRE, APP_G_NODE, 0, 0, 0, -1, NULL, NULL,
	  " ms: ",
	  "(?:^|\\s)\\[(?<pid>\\d+):(?:0x)?[0-9a-fA-F]+\\]\\s+\\d+ ms: (?:Mark-Compact|Mark-sweep|Scavenge|Mark-Compact \\(reduce\\))",
	  "[23862:0x3e98aef0]       68 ms: Mark-Compact 32.9 (50.0) -> 32.2 (65.7) MB, 6.91 / 0.00 ms  (average mu = 0.500, current mu = 0.500) allocation failure; scavenge might not succeed"),
	R("node-regexp-compiler", "node", K_RT, APP_A_SUPPRESS, APP_G_NODE, 1, 0, 0, -1, NULL, NULL,
	  "RegExpCompiler Allocation failed",
	  "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory",
	  "FATAL ERROR: RegExpCompiler Allocation failed - process out of memory"),
	R("node-zone-oom", "node", K_ALLOC, APP_A_ATTACH, APP_G_NODE, 2, 3, APP_F_LEAD, -1, NULL, NULL,
	  "Allocation failed - process out of memory",
	  CHROME_PFX "(?:FATAL ERROR|Fatal error in V8): .*Allocation failed - process out of memory",
	  "FATAL ERROR: Zone Allocation failed - process out of memory"),
	R("node-heap-oom", "node", K_RT, APP_A_ATTACH, APP_G_NODE, 3, 3, APP_F_LEAD, -1, NULL, NULL,
	  "Allocation failed - JavaScript heap out of memory",
	  CHROME_PFX "(?:FATAL ERROR|Fatal error in V8): .*Allocation failed - JavaScript heap out of memory",
	  "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"),
	/* The same line wrapped by a mail client or a terminal right after
	 * "Allocation failed -": a heap-limit location names the heap already,
	 * so the head stands for the event; "JavaScript heap out of memory" on
	 * the next line is no event of its own. */
	R("node-heap-oom-wrapped", "node", K_RT, APP_A_ATTACH, APP_G_NODE, 3, 3, APP_F_LEAD, -1, NULL, NULL,
	  "Allocation failed -",
	  CHROME_PFX "(?:FATAL ERROR|Fatal error in V8): (?:Reached heap limit|Ineffective mark-compacts near heap limit|CALL_AND_RETRY_(?:LAST|\\d)) Allocation failed -\\s*$",
	  "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed -"),
	R("v8-fatal-oom", "v8", K_RT, APP_A_ATTACH, APP_G_NODE, 4, 3, APP_F_LEAD, -1, NULL, NULL,
	  "OOM in ",
	  "(?:^|\\s)#\\s*Fatal (?:javascript|process) OOM in ",
	  "# Fatal javascript OOM in Reached heap limit"),
	/* V8 since 2023 (Deno, Chromium, newer Node without its own handler):
	 * "# Fatal JavaScript out of memory: <reason>" and "# Fatal process
	 * out of memory: <reason>" (v8::base::FatalOOM). */
	R("v8-fatal-out-of-memory", "v8", K_RT, APP_A_ATTACH, APP_G_NODE, 4, 3, APP_F_LEAD, -1, NULL, NULL,
	  "out of memory:",
	  "(?:^|\\s)#\\s*Fatal (?:JavaScript|process) out of memory:",
	  "# Fatal JavaScript out of memory: Reached heap limit"),
	/* Older V8 (api.cc, V8::FatalProcessOutOfMemory) when the embedder's
	 * fatal error callback came back from a process (non-heap) OOM:
	 * "# Fatal error in , line 0" then "# API fatal error handler
	 * returned after process out of memory" in V8's '#' box. */
	R("v8-api-handler-returned-oom", "v8", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "fatal error handler returned after process out of memory",
	  "(?:^|\\s)#?\\s*API fatal error handler returned after process out of memory\\s*$",
	  "# API fatal error handler returned after process out of memory"),

	/* ---- Erlang, Haskell, Julia, OCaml: their runtimes give up ----
	 * BEAM's allocators ("eheap_alloc: Cannot allocate N bytes of memory (of
	 * type "heap")", and again as the erl_crash.dump's Slogan: one crash; a
 * failed realloc says "Cannot reallocate", and a paste may cut the
 * allocator's name off), GHC's RTS
	 * ("prog: out of memory (requested N bytes)"), Julia's uncaught
	 * OutOfMemoryError(), OCaml's uncaught Out_of_memory. */
	R("erlang-cannot-allocate", "erlang", K_RT, APP_A_ATTACH, APP_G_ERLANG, 0, 3, APP_F_REPEAT, -1, NULL, NULL,
	  " bytes of memory (of type ",
	  "(?:\\b\\w+: )?Cannot (?:re)?allocate (?<bytes>\\d+) bytes of memory \\(of type \"\\w+\"\\)",
	  "eheap_alloc: Cannot allocate 2280657000 bytes of memory (of type \"heap\")."),
	/* Zig's error.OutOfMemory, unhandled: a safety panic ("thread N panic:
	 * attempt to unwrap error: OutOfMemory"), Bun's crash handler over it
	 * ("panic(main thread): ...", "**panic**: ..." in its bun.report text,
	 * 0.x's "uh-oh: TODO: handle error: OutOfMemory" then one panic per
	 * thread), Bun's own "Bun ran out of memory", or main's error return
	 * ("error: OutOfMemory" alone on its line). One crash, one event. */
	R("zig-panic-out-of-memory", "zig", K_RT, APP_A_ATTACH, APP_G_ZIG, 0, 3, APP_F_REPEAT, -1, NULL, NULL,
	  "OutOfMemory",
	  "(?:^|\\s|\\*\\*)(?:uh-oh|panic(?:\\([^)]*\\))?(?:\\*\\*)?): (?:attempt to unwrap error|TODO: handle error): OutOfMemory\\b",
	  "thread 4218403 panic: TODO: handle error: OutOfMemory"),
	R("bun-ran-out-of-memory", "bun", K_RT, APP_A_ATTACH, APP_G_ZIG, 1, 3, APP_F_REPEAT, -1, "bun", NULL,
	  "Bun ran out of memory",
	  "\\bBun ran out of memory\\b",
	  "Bun ran out of memory"),
	R("zig-main-error-out-of-memory", "zig", K_RT, APP_A_ATTACH, APP_G_ZIG, 2, 3, APP_F_REPEAT, -1, NULL, NULL,
	  "OutOfMemory",
	  "^error: OutOfMemory\\s*$",
	  "error: OutOfMemory"),
	R("ghc-rts-out-of-memory", "haskell", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "out of memory (requested ",
	  WB "(?<comm>[\\w.+-]+): out of memory \\(requested (?<bytes>\\d+) bytes\\)",
	  "ghc: out of memory (requested 1048576 bytes)"),
	/* GHC's RTS at its -M cap: "prog: Heap exhausted;" then "prog: Current
	 * maximum heap size is N bytes (M MB)." (older RTS: the next lines
	 * without the name). The cap's size is no request: no bytes. */
	R("ghc-rts-heap-exhausted", "haskell", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Heap exhausted;",
	  WB "(?<comm>[\\w.+-]+): Heap exhausted;\\s*$",
	  "pursuit: Heap exhausted;"),
	/* The same cap met inside GHC itself: its panic ends with the
	 * HeapOverflow exception's text, alone (and indented) on a line; the
	 * panic's other lines hold no anchor, so the line must be that text
	 * and nothing else. */
	R("ghc-panic-heap-overflow", "haskell", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "heap overflow",
	  "^heap overflow\\s*$",
	  "heap overflow"),
	/* stgMallocBytes (rts/RtsUtils.c): malloc returned NULL; the RTS
	 * prints the program's name, the size, and exits. */
	R("ghc-rts-malloc-failed", "haskell", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "memory allocation failed (requested ",
	  WB "(?<comm>[\\w.+-]+): memory allocation failed \\(requested (?<bytes>\\d+) bytes\\)",
	  "ghcup: memory allocation failed (requested 274878955520 bytes)"),
	/* The runtime linker's mapping (GHCi, Template Haskell): errorBelch
	 * "mmap N bytes at ADDR" with sysErrorBelch's strerror behind it. */
	R("ghc-rts-linker-mmap", "haskell", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  ": Cannot allocate memory",
	  WB "(?<comm>[\\w.+-]+): mmap (?<bytes>\\d+) bytes at (?:\\(nil\\)|0x[0-9a-fA-F]+): Cannot allocate memory",
	  "ghc: mmap 131072 bytes at (nil): Cannot allocate memory"),
	/* The RTS could not commit memory it had reserved (rts/posix/OSMem.c). */
	R("ghc-rts-unable-to-commit", "haskell", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Unable to commit ",
	  WB "(?<comm>[\\w.+-]+): internal error: Unable to commit (?<bytes>\\d+) bytes of memory",
	  "ghc: internal error: Unable to commit 1048576 bytes of memory"),
	/* Julia before 0.4 named the same throw MemoryError(): "ERROR:
	 * MemoryError()" is Julia's REPL, not Python's (whose MemoryError has
	 * no "ERROR: " head and no parentheses). */
	R("julia-out-of-memory-error", "julia", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "MemoryError()",
	  "(?:^|\\s)ERROR: (?:LoadError: |TaskFailedException.*?)?(?:OutOfMemory|Memory)Error\\(\\)",
	  "ERROR: OutOfMemoryError()"),
	/* D's runtime (druntime core/exception.d onOutOfMemoryError) when the
	 * GC or a malloc wrapper gets no memory: the throwable's name, '@' and
	 * the throwing module's file(line), then its fixed message. */
	R("d-out-of-memory-error", "d", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "core.exception.OutOfMemoryError",
	  "\\bcore\\.exception\\.OutOfMemoryError(?:@[^\\s(]+\\(\\d+\\))?(?:: Memory allocation failed\\b|\\s*$)",
	  "core.exception.OutOfMemoryError@src/core/exception.d(702): Memory allocation failed"),
	/* Swift's runtime (swift_slowAlloc -> swift_abortAllocationFailure)
	 * aborts when malloc returns NULL: since Swift 6.2 with the size and
	 * alignment, before with "Could not allocate memory." alone. */
	R("swift-alloc-failure", "swift", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "allocate ",
	  "\\bFatal error: (?:failed to allocate (?<bytes>\\d+) bytes of memory with alignment \\d+|Could not allocate memory\\.?\\s*$)",
	  "Fatal error: failed to allocate 281474976710656 bytes of memory with alignment 0"),
	/* SBCL's gencgc (src/runtime/gencgc.c) when the dynamic space
	 * (--dynamic-space-size) cannot hold a request: "Heap exhausted during
	 * garbage collection|allocation: A bytes available, R requested.", a
	 * generation table, then either the Lisp condition's report ("Heap
	 * exhausted (no more space for allocation).") or lose()'s "fatal error
	 * encountered in SBCL pid N(tid ...):" and "Heap exhausted, game
	 * over.": one exhaustion. The first line is often glued to Quicklisp's
	 * progress dots, or pasted without its first word. */
	R("sbcl-heap-exhausted", "sbcl", K_RT, APP_A_ATTACH, APP_G_SBCL, 0, 3, 0, -1, NULL, NULL,
	  "exhausted during ",
	  "(?<![\\w-])(?:Heap )?exhausted during (?:garbage collection|allocation): \\d+ bytes available, (?<bytes>\\d+) requested\\.",
	  "Heap exhausted during garbage collection: 0 bytes available, 16 requested."),
	R("sbcl-heap-exhausted-error", "sbcl", K_RT, APP_A_ATTACH, APP_G_SBCL, 1, 2, 0, -1, NULL, NULL,
	  "Heap exhausted (no more space for allocation)",
	  "(?<![\\w-])Heap exhausted \\(no more space for allocation\\)",
	  "Heap exhausted (no more space for allocation)."),
	R("sbcl-heap-exhausted-game-over", "sbcl", K_RT, APP_A_ATTACH, APP_G_SBCL, 2, 2, 0, -1, NULL, NULL,
	  "Heap exhausted, game over",
	  "(?<![\\w-])Heap exhausted, game over\\.?",
	  "Heap exhausted, game over."),
	R("sbcl-fatal-pid", "sbcl", K_RT, APP_A_CTX, APP_G_SBCL, 3, 0, 0, -1, NULL, NULL,
	  "fatal error encountered in SBCL pid ",
	  "fatal error encountered in SBCL pid (?<pid>\\d+)",
	  "fatal error encountered in SBCL pid 423464(tid 0x7f5c2b7fe700):"),
	/* The Boehm-Demers-Weiser collector (bdwgc: Crystal, Nim's --gc:boehm,
	 * Guile, GAP, w3m) when the heap cannot grow: its warning before
	 * GC_malloc returns NULL (7.x: "Out of Memory!  Returning NIL!"), and
	 * GC_init's refusal to run without its initial heap. "Repeated
	 * allocation of very large block" is advice, not a failure. */
	R("bdwgc-out-of-memory", "bdwgc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of Memory!",
	  "(?<!\\w)Out of Memory!(?: Heap size: \\d+ MiB\\.)?\\s+Returning (?:NULL|NIL)!",
	  "GC Warning: Out of Memory! Heap size: 0 MiB. Returning NULL!"),
	R("bdwgc-cant-start-up", "bdwgc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Can't start up: not enough memory",
	  "(?:^|\\s)Can't start up: not enough memory\\s*$",
	  "Can't start up: not enough memory"),
	R("ocaml-out-of-memory", "ocaml", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "exception Out_of_memory",
	  "Fatal error: exception Out_of_memory\\b",
	  "Fatal error: exception Out_of_memory"),
	/* The Dart VM (runtime/vm/heap/heap.cc) when its heap cannot grow:
	 * "Exhausted heap space, trying to allocate N bytes.", then, when the
	 * allocation was not allowed to fail, the FATAL of runtime/vm/object.cc
	 * ("../../third_party/dart/runtime/vm/object.cc: 2803: error: Out of
	 * memory.") and the crash header ("pid=955, thread=-1, isolate_group=
	 * ..."): one crash. Flutter apps log it under logcat's DartVM tag. */
	R("dart-exhausted-heap-space", "dart", K_RT, APP_A_ATTACH, APP_G_DART, 0, 3, APP_F_REPEAT, -1, NULL, NULL,
	  "Exhausted heap space, trying to allocate ",
	  WB "Exhausted heap space, trying to allocate (?<bytes>\\d+) bytes\\.?\\s*$",
	  "Exhausted heap space, trying to allocate 240 bytes."),
	R("dart-vm-fatal-out-of-memory", "dart", K_RT, APP_A_ATTACH, APP_G_DART, 1, 2, 0, -1, NULL, NULL,
	  ": error: Out of memory",
	  "(?:^|[\\s/])runtime/vm/[\\w/]+\\.cc: \\d+: error: Out of memory\\.?\\s*$",
	  "../../third_party/dart/runtime/vm/object.cc: 2803: error: Out of memory."),
	R("dart-vm-crash-pid", "dart", K_RT, APP_A_CTX, APP_G_DART, 2, 0, 0, -1, NULL, NULL,
	  "pid=",
	  "^pid=(?<pid>\\d+), thread=-?\\d+, isolate_group=",
	  "pid=955, thread=-1, isolate_group=isolate(0x7fdf06000800), isolate=isolate(0x7fdf0600d200)"),

	/* ---- Python ---- */
	R("python-winerror", "python", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "[WinError ",
	  "\\[WinError (?<errno>1455|8|14)\\]",
	  "OSError: [WinError 1455] The paging file is too small for this operation to complete."),
	R("python-torch-cpu-alloc", "python", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "DefaultCPUAllocator: ",
	  "DefaultCPUAllocator: (?:can't allocate memory|not enough memory): you tried to allocate (?<bytes>\\d+) bytes(?:\\. Error code (?<errno>\\d+))?",
	  "RuntimeError: [enforce fail at alloc_cpu.cpp:73] . DefaultCPUAllocator: can't allocate memory: you tried to allocate 26214400000 bytes. Error code 12 (Cannot allocate memory)"),
	/* conda catches the MemoryError and prints its own class (conda/exceptions.py). */
	R("conda-memory-error", "python", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "conda", NULL,
	  "CondaMemoryError: ",
	  "\\bCondaMemoryError: The conda process ran out of memory",
	  "CondaMemoryError: The conda process ran out of memory. Increase system memory and/or try again."),
	/* Also as the repr a wrapper logs ("Pool callback raised exception:
	 * MemoryError('Process got: ')", Celery's billiard), and after the
	 * " - " of pytest's short summary ("FAILED tests/x.py::t[p] - numpy...
	 * _ArrayMemoryError: Unable to allocate ..."), also when a hard wrap
	 * or a markdown bullet leaves the "- " at the start of the line. */
	R("python-memoryerror", "python", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "MemoryError",
	  "(?:^\\s*|: |\\] |(?:^|\\s)(?:FAILED|ERROR) \\S.*? - )(?:[-*] )?(?:[A-Za-z_][\\w.]*\\.)?(?:_Array)?MemoryError(?:: \\S.*|\\s+Traceback \\(most recent call last\\)|\\((?:'[^']*'|\"[^\"]*\")?\\))?$",
	  "MemoryError"),

	/* ---- .NET ---- */
	R("dotnet-win32exception-commit", "dotnet", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 0, 3, 0, 1455, NULL, NULL,
	  "Win32Exception",
	  "Win32Exception \\(0x[0-9A-Fa-f]+\\): The paging file is too small",
	  "System.ComponentModel.Win32Exception (0x80004005): The paging file is too small for this operation to complete"),
	/* .NET on Unix: Win32Exception carries the native errno, "(12)" for
	 * ENOMEM (Process.Start's fork in ForkAndExecProcess). */
	R("dotnet-win32exception-enomem", "dotnet", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "Win32Exception (12)",
	  "Win32Exception \\(12\\): Cannot allocate memory",
	  "System.ComponentModel.Win32Exception (12): Cannot allocate memory"),
	/* Windows PowerShell's error record under the message ("    +
	 * CategoryInfo : OperationStopped: (:) [], OutOfMemoryException",
	 * "    + FullyQualifiedErrorId : System.OutOfMemoryException"): the same
	 * exception, named again. */
	R("powershell-error-record-oome", "dotnet", K_RT, APP_A_CTX, APP_G_DOTNET, 5, 0, 0, -1, NULL, NULL,
	  "OutOfMemoryException",
	  "^\\s*\\+ (?:CategoryInfo|FullyQualifiedErrorId)\\s*: .*\\bOutOfMemoryException\\b",
	  "    + FullyQualifiedErrorId : System.OutOfMemoryException"),
	R("dotnet-oome-inner", "dotnet", K_RT, APP_A_ATTACH, APP_G_DOTNET, 1, 2, 0, -1, NULL, NULL,
	  "System.OutOfMemoryException",
	  "--->\\s*System\\.OutOfMemoryException",
	  " ---> System.OutOfMemoryException: Insufficient memory to continue the execution of the program."),
	/* MemoryFailPoint's refusal (a subclass of OutOfMemoryException): the
	 * memory a gate asked for is not there; same slot as the OOME itself. */
	R("dotnet-insufficient-memory-exception", "dotnet", K_RT, APP_A_ATTACH, APP_G_DOTNET, 2, 3, 0, -1, NULL, NULL,
	  "InsufficientMemoryException",
	  "\\bSystem\\.InsufficientMemoryException\\b",
	  "System.InsufficientMemoryException: Insufficient memory to continue the execution of the program."),
	/* The rest of the default message on a line of its own ("...
	 * System.OutOfMemoryException: Exception of type" / "'System.
	 * OutOfMemoryException' was thrown."), as a hard wrap leaves it: the
	 * open throw's own words, not a second one. With no throw open it
	 * is left to dotnet-oome below. */
	R("dotnet-oome-message-tail", "dotnet", K_RT, APP_A_CTX, APP_G_DOTNET, 5, 0, 0, -1, NULL, NULL,
	  "System.OutOfMemoryException",
	  "^\\s*'System\\.OutOfMemoryException' was thrown\\b",
	  "'System.OutOfMemoryException' was thrown."),
	R("dotnet-oome", "dotnet", K_RT, APP_A_ATTACH, APP_G_DOTNET, 2, 3, 0, -1, NULL, NULL,
	  "System.OutOfMemoryException",
	  "System\\.OutOfMemoryException",
	  "System.OutOfMemoryException: Exception of type 'System.OutOfMemoryException' was thrown."),
	/* Mono (Unity's scripting runtime) when turning an exception into text
	 * threw OutOfMemoryException itself (mono_exception_get_managed_backtrace
	 * and the player's log): the inner class names the shortage. */
	R("mono-oome-extracting-string", "dotnet", K_RT, APP_A_ATTACH, APP_G_DOTNET, 4, 3, 0, -1, NULL, NULL,
	  "OutOfMemoryException' was thrown",
	  "another exception of class '(?:System\\.)?OutOfMemoryException' was thrown",
	  "Couldn't extract exception string from exception (another exception of class 'OutOfMemoryException' was thrown while processing the stack trace)"),
	R("dotnet-stack-frame", "dotnet", K_RT, APP_A_CTX, APP_G_DOTNET, 3, 0, 0, -1, NULL, NULL,
	  "at ",
	  "^\\s*at (?!System\\.|Microsoft\\.|MS\\.|Mono\\.|Windows\\.|Interop\\.)(?<comm>[A-Za-z_]\\w*)\\.[\\w.`<>|]+\\(",
	  "   at ShareX.MainForm.InitializeComponent()"),

	/* ---- Redis / Valkey ---- */
	/* strerror(ENOMEM) is "Out of memory" in musl (Alpine's redis image).
	 * The line may end in the quote it was copied into ("    \" Can't save
	 * ...: Cannot allocate memory\""); a quote that goes on into prose
	 * ("this error \"Can't save ...\" can appear in ...") names the
	 * message, it is no failure. */
	R("redis-bgsave-fork", "redis", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "redis-server", NULL,
	  ": fork: ",
	  REDIS_PFX "Can't (?:save in background|rewrite append only file in background|BGSAVE for replication): fork: (?:Cannot allocate memory|Out of memory)[\"'`]?\\s*$",
	  "348:M 26 Nov 15:26:17.047 # Can't save in background: fork: Cannot allocate memory"),
	R("redis-windows-fork-commit", "redis", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "redis-server", NULL,
	  "BeginForkOperation",
	  REDIS_PFX "BeginForkOperation: .*error code=0x0*(?<errhex>5af|8|e)\\b",
	  "[1872] 09 Oct 17:28:43.083 # BeginForkOperation: system error caught. error code=0x000005af, message=BeginForkOperation: VirtualProtect failed: unknown error"),
	/* The Windows port's fork child (Redis 3.0+, tporadowski's 5.0): its
	 * copy-on-write heap is reserved from the paging file, and the
	 * reservation failed; the child exits and the parent logs "fork
	 * operation failed". The message starts on the line after the stamp. */
	R("redis-windows-heap-paging-file", "redis", K_COMMIT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "redis-server", NULL,
	  "Redis reserves heap memory from the system paging file",
	  WB "The Windows version of Redis reserves heap memory from the system paging file\\b",
	  "The Windows version of Redis reserves heap memory from the system paging file"),
	R("redis-oom-allocating", "redis", K_RT, APP_A_ATTACH, APP_G_REDIS, 0, 3, 0, -1, "redis-server", NULL,
	  "Out Of Memory allocating ",
	  REDIS_PFX "Out Of Memory allocating (?<bytes>\\d+) bytes[!.]",
	  "348:M 26 Nov 15:27:52.733 # Out Of Memory allocating 29998 bytes!"),
	R("redis-aborting", "redis", K_RT, APP_A_ATTACH, APP_G_REDIS, 1, 2, 0, -1, "redis-server", NULL,
	  "aborting for OUT OF MEMORY",
	  REDIS_PFX "(?:Guru Meditation: )?(?:Redis|Valkey|KeyDB) aborting for OUT OF MEMORY(?:\\. Allocating (?<bytes>\\d+) bytes!)?",
	  "348:M 26 Nov 15:27:52.749 # Guru Meditation: Redis aborting for OUT OF MEMORY. Allocating 29998 bytes! #server.c:4010"),
	R("redis-zmalloc", "redis", K_RT, APP_A_ATTACH, APP_G_REDIS, 2, 3, 0, -1, "redis-server", NULL,
	  "zmalloc: Out of memory",
	  "zmalloc: Out of memory trying to allocate (?<bytes>\\d+) bytes",
	  "zmalloc: Out of memory trying to allocate 4096 bytes"),
	R("redis-oom-command", "redis", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "redis-server", NULL,
	  "OOM command not allowed",
	  REDIS_PFX "(?:\\(error\\) |-|ERR )?OOM command not allowed when used memory > 'maxmemory'",
	  "(error) OOM command not allowed when used memory > 'maxmemory'."),
	R("redis-overcommit-warning", "redis", K_WARN, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "redis-server", NULL,
	  "WARNING ",
	  REDIS_PFX "WARNING (?:overcommit_memory is set to 0!|Memory overcommit must be enabled!)",
	  "31373:M 23 Nov 2026 09:28:13.834 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition."),

	/* LLVM's report_bad_alloc_error (lib/Support/ErrorHandling.cpp): a
	 * new or malloc inside LLVM failed, "LLVM ERROR: out of memory" (newer
	 * releases add "Allocation failed" on the next line), printed by
	 * whichever compiler or linker embeds it (rustc, clang, lld, a JIT).
	 * Its own row, before PostgreSQL's "ERROR:  out of memory", which the
	 * words after "LLVM " would match. */
	R("llvm-bad-alloc", "llvm", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "LLVM ERROR: out of memory",
	  "(?:^|[\\s:=`>|-])LLVM ERROR: out of memory\\s*$",
	  "LLVM ERROR: out of memory"),
	/* The same message as MSBuild relays a tool's error: lld-link's "LLVM
	 * ERROR" becomes "LINK : LLVM error : out of memory" (tool, category
	 * and text behind " : "), under the project node's "9>". */
	R("llvm-bad-alloc-msbuild", "llvm", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "LLVM error : out of memory",
	  "(?:^|[\\s>])[\\w.-]+ : LLVM error : out of memory\\s*$",
	  "9>LINK : LLVM error : out of memory"),

	/* ---- PostgreSQL ---- */
	R("postgres-invalid-alloc-size", "postgres", K_ALLOC, APP_A_SUPPRESS, APP_G_PG, 0, 0, 0, -1, NULL, NULL,
	  "invalid memory alloc request size",
	  "invalid memory alloc request size",
	  "ERROR:  invalid memory alloc request size 1073741824"),
	R("postgres-out-of-memory", "postgres", K_ALLOC, APP_A_ATTACH, APP_G_PG, 1, 3, 0, -1, "postgres", NULL,
	  "out of memory",
	  PG_PFX "(?:ERROR|FATAL|PANIC):\\s+out of memory\\s*$",
	  "2026-11-23 09:29:52.735 UTC [32050] ERROR:  out of memory"),
	R("postgres-failed-on-request", "postgres", K_ALLOC, APP_A_ATTACH, APP_G_PG, 2, 1, 0, -1, "postgres", NULL,
	  "Failed on request of size",
	  PG_PFX "(?:[^\\s:]{1,40}:\\s+'?)?Failed on request of size (?:(?<bytes>\\d+)\\b|\\S+)",
	  "2026-11-23 09:29:52.735 UTC [32050] DETAIL:  Failed on request of size 536870912 in memory context \"ExprContext\"."),
	/* sysv_shmem.c: the main shared memory segment could not be mapped;
	 * its HINT (printed for ENOMEM) gives the size. */
	R("postgres-shmem-map", "postgres", K_ALLOC, APP_A_ATTACH, APP_G_PG, 3, 3, 0, -1, "postgres", NULL,
	  "could not map anonymous shared memory",
	  PG_PFX "(?:FATAL|PANIC):\\s+could not map anonymous shared memory: ",
	  "2025-01-08 15:22:04.363 CST [27068] FATAL:  could not map anonymous shared memory: Cannot allocate memory"),
	R("postgres-shmem-hint", "postgres", K_ALLOC, APP_A_ENRICH, APP_G_PG, 4, 0, 0, 12, "postgres", NULL,
	  "request for a shared memory segment exceeded available memory",
	  PG_PFX "HINT:\\s+This error usually means that PostgreSQL's request for a shared memory segment exceeded available memory.*?\\(currently (?<bytes>\\d+) bytes\\)",
	  "2025-01-08 15:22:04.363 CST [27068] HINT:  This error usually means that PostgreSQL's request for a shared memory segment exceeded available memory, swap space, or huge pages. To reduce the request size (currently 2495567072 bytes), reduce PostgreSQL's shared memory usage"),

	/* postmaster.c: the postmaster could not fork a backend for a new
	 * connection, an autovacuum worker or another child (logged at LOG,
	 * and sent to the refused client, which relays it: PG::ConnectionBad).
	 * The pid is the postmaster's, in the log_line_prefix's first
	 * brackets ("[%p]: [%l-1]" has the line number second). */
	R("postgres-fork-enomem", "postgres", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "postgres", NULL,
	  "could not fork ",
	  "(?:^.*?\\[(?<pid>\\d+)\\]:?\\s.*?)?\\bcould not fork (?:new process for connection|autovacuum (?:worker|launcher) process|worker process|background (?:worker|writer) process|[a-z ]{1,40} process): (?:Cannot allocate memory|Not enough space|Out of memory)",
	  "2022-07-13 07:32:04.922 CEST [58398]: [49-1] LOG:  could not fork new process for connection: Cannot allocate memory"),
	/* pgpool-II: its fork of a child failed; the DETAIL line carries the
	 * reason (the FATAL before it says only "failed to fork a child"). */
	R("pgpool-fork-enomem", "pgpool", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "pgpool", NULL,
	  "fork() failed with reason: ",
	  "(?:\\bpid (?<pid>\\d+): )?DETAIL:\\s+system call fork\\(\\) failed with reason: (?:Cannot allocate memory|Out of memory)",
	  "2020-04-02 13:32:33: pid 1: DETAIL:  system call fork() failed with reason: Cannot allocate memory"),
	/* PostgreSQL's frontends (initdb, pg_ctl: common/exec.c) could not
	 * popen() a program to read its version. */
	R("pg-frontend-popen-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "popen failure: Cannot allocate memory",
	  "\\bpopen failure: Cannot allocate memory",
	  "popen failure: Cannot allocate memory"),

	/* ---- MySQL / MariaDB / InnoDB ---- */
	R("mysql-innodb-mmap", "mysql", K_ALLOC, APP_A_ATTACH, APP_G_MYSQL, 0, 3, 0, -1, "mysqld", NULL,
	  "InnoDB: mmap(",
	  "InnoDB: mmap\\((?<bytes>\\d+) bytes\\) failed; errno (?<errno>\\d+)",
	  "2016-09-12T16:55:09.276663Z 0 [ERROR] InnoDB: mmap(137428992 bytes) failed; errno 12"),
	R("mysql-innodb-buffer-pool", "mysql", K_ALLOC, APP_A_ATTACH, APP_G_MYSQL, 1, 2, APP_F_CI, -1, "mysqld", NULL,
	  "allocate memory for the buffer pool",
	  "InnoDB: (?:Fatal error: )?[Cc]annot allocate memory for the buffer pool",
	  "2016-09-12T16:55:09.276687Z 0 [ERROR] InnoDB: Cannot allocate memory for the buffer pool"),
	R("mysql-out-of-memory-needed", "mysql", K_ALLOC, APP_A_ATTACH, APP_G_MYSQL, 2, 3, 0, -1, "mysqld", NULL,
	  "Out of memory (Needed ",
	  "Out of memory \\(Needed (?<bytes>\\d+) bytes\\)",
	  "2024-01-02 03:04:05 0 [ERROR] mysqld: Out of memory (Needed 16777216 bytes)"),

	/* ER_CANT_CREATE_THREAD with ENOMEM, relayed to clients (PDO, JDBC). */
	R("mysql-cant-create-thread", "mysql", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "mysqld", NULL,
	  "Can't create a new thread",
	  "Can't create a new thread \\(errno (?<errno>12)\\)",
	  "SQLSTATE[HY000] [1135] Can't create a new thread (errno 12); if you are not out of available memory, you can consult the manual for a possible OS-dependent bug"),

	/* gperftools' tcmalloc: a large request the OS refused ("== (nil)"; a
	 * success prints the address) and a central free list that could not
	 * grow; the program's own words follow (MongoDB, RethinkDB). */
	R("tcmalloc-large-alloc-failed", "tcmalloc", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 4, 1, APP_F_REPEAT | APP_F_TRAIL, -1, NULL, NULL,
	  "tcmalloc: large alloc ",
	  "tcmalloc: large alloc (?<bytes>\\d+) bytes == (?:\\(nil\\)|0x0*0?|0) @",
	  "tcmalloc: large alloc 9223372036854775808 bytes == (nil) @"),
	R("tcmalloc-allocation-failed", "tcmalloc", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 4, 1, APP_F_REPEAT | APP_F_TRAIL, -1, NULL, NULL,
	  "tcmalloc: allocation failed",
	  "\\btcmalloc: allocation failed (?<bytes>\\d+)\\s*$",
	  "src/central_freelist.cc:322] tcmalloc: allocation failed 16384 "),
	/* MongoDB 3.x reportOutOfMemoryErrorAndExit: a fatal (F) line. */
	R("mongodb-out-of-memory", "mongodb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 5, 3, 0, -1, "mongod", NULL,
	  "] out of memory.",
	  "(?:^|\\s)F -\\s+\\[[^\\]\\s]+\\] out of memory\\.\\s*$",
	  "2016-08-18T22:14:36.358+0000 F -        [main] out of memory."),
	/* MongoDB 4.4+ structured log: the same words as the attribute of a
	 * fatal "Writing fatal message" record (writeMallocFreeStreamToLog). */
	R("mongodb-json-out-of-memory", "mongodb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 5, 3, 0, -1, "mongod", NULL,
	  "\"message\":\"out of memory.",
	  "\"s\":\"F\".*\"msg\":\"Writing fatal message\",\"attr\":\\{\"message\":\"out of memory\\.(?:\\\\n)?\"",
	  "{\"t\":{\"$date\":\"2023-04-19T23:25:03.565-07:00\"},\"s\":\"F\",  \"c\":\"CONTROL\",  \"id\":4757800, \"ctx\":\"conn2\",\"msg\":\"Writing fatal message\",\"attr\":{\"message\":\"out of memory.\\n\"}}"),
	/* mongod 3.x's backtrace after that line: its JSON names the frame
	 * reportOutOfMemoryErrorAndExit, which runs only when an allocation
	 * failed; a paste that starts at "BEGIN BACKTRACE" has only this. */
	R("mongodb-backtrace-oom", "mongodb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 11, 2, 0, -1, "mongod", NULL,
	  "reportOutOfMemoryErrorAndExit",
	  "\\{\"b\":\"[0-9A-Fa-f]+\",\"o\":\"[0-9A-Fa-f]+\",\"s\":\"_ZN5mongo29reportOutOfMemoryErrorAndExitEv\"\\}",
	  "{\"backtrace\":[{\"b\":\"400000\",\"o\":\"F24CD2\",\"s\":\"_ZN5mongo15printStackTraceERSo\"},{\"b\":\"400000\",\"o\":\"F24729\",\"s\":\"_ZN5mongo29reportOutOfMemoryErrorAndExitEv\"}]}"),
	/* WiredTiger inside mongod returned ENOMEM ("WiredTiger (12)" in the
	 * 3.x text log; "error":12 in 4.4+'s structured log); the checkpoint
	 * server's own error for the same failure repeats it. */
	R("mongodb-wiredtiger-enomem", "mongodb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 9, 2, APP_F_REPEAT, 12, "mongod", NULL,
	  "Cannot allocate memory",
	  "(?:\\bSTORAGE\\s+\\[[^\\]\\s]+\\] WiredTiger \\((?<errno>12)\\) .*|\"c\":\"(?:STORAGE|WT)\".*\"msg\":\"WiredTiger error(?: message)?\",\"attr\":\\{\"error\":(?<errno>12),.*): Cannot allocate memory",
	  "2016-05-21T22:31:48.042-0400 E STORAGE  [thread1] WiredTiger (12) [1463884307:558146][277593:0x7faf94a62700], file:collection-2--8597162973160007227.wt, WT_SESSION.checkpoint: collection-2--8597162973160007227.wt write error: failed to write 8192 bytes at offset 140288000: Cannot allocate memory"),
	/* MMAPv1 (MongoDB before 4.2) could not map a data file: on a 32-bit
	 * build the address space runs out first. */
	R("mongodb-mmap-private-oom", "mongodb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 10, 3, 0, -1, "mongod", NULL,
	  "mmap private failed with out of memory",
	  "\\bmmap private failed with out of memory(?![\\w-])",
	  "ERROR: mmap private failed with out of memory. You are using a 32-bit build and probably need to upgrade to 64."),
	R("rethinkdb-alloc-failed", "rethinkdb", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 6, 3, 0, -1, "rethinkdb", NULL,
	  "Memory allocation failed. This usually means",
	  "\\brethinkdb: Memory allocation failed\\. This usually means that we have run out of RAM",
	  "rethinkdb: Memory allocation failed. This usually means that we have run out of RAM. Aborting."),

	/* Unity's MemoryManager: the OS refused a block; its size and label
	 * follow on the next line. DynamicHeapAllocator's probe lines before
	 * it are retries of the same request. */
	R("unity-system-out-of-memory", "unity", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 7, 3, 0, -1, NULL, NULL,
	  "Could not allocate memory: System out of memory!",
	  "Could not allocate memory: System out of memory!",
	  "Could not allocate memory: System out of memory!"),
	R("unity-trying-to-allocate", "unity", K_ALLOC, APP_A_CTX, APP_G_MALLOC, 8, 0, 0, -1, NULL, NULL,
	  "Trying to allocate: ",
	  "Trying to allocate: (?<bytes>\\d+)B with \\d+ alignment\\. MemoryLabel: ",
	  "Trying to allocate: 67108864B with 16 alignment. MemoryLabel: DynamicArray"),
	/* The allocator's own verdict after its probes; a "Could not allocate
	 * memory" line after it, when printed, names the same request. */
	R("unity-dynamic-heap-oom", "unity", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 9, 2, 0, -1, NULL, NULL,
	  "DynamicHeapAllocator out of memory",
	  "DynamicHeapAllocator out of memory - Could not get memory for large allocation (?<bytes>\\d+)",
	  "DynamicHeapAllocator out of memory - Could not get memory for large allocation 4194320!"),

	/* ---- ClickHouse ---- */
	/* MemoryTracker's refusal (Code: 241, MEMORY_LIMIT_EXCEEDED): the server's
	 * cap (total), or a query's or user's; newer servers (24.x) put the scope
	 * first. The client relays the server's text ("Received from ..."). */
	R("clickhouse-memory-limit", "clickhouse", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "clickhouse-server", NULL,
	  " exceeded: would use ",
	  "(?i:memory limit \\((?:total|for query|for user)\\) exceeded|\\((?:total|for query|for user)\\) memory limit exceeded): would use [\\d.]+ \\w+ \\(attempt to allocate chunk of (?<bytes>\\d+) bytes\\)",
	  "2021.02.26 00:42:41.734859 [ 14500 ] {161ad650} <Error> DynamicQueryHandler: Code: 241, e.displayText() = DB::Exception: Memory limit (total) exceeded: would use 64.00 GiB (attempt to allocate chunk of 4217828 bytes), maximum: 64.00 GiB"),

	/* ---- Apache httpd's MPMs (prefork AH00159, worker AH00283, event AH00481) ---- */
	R("httpd-mpm-fork-enomem", "httpd", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "httpd", NULL,
	  "fork: Unable to fork new process",
	  "(?:\\[pid (?<pid>\\d+)(?::tid \\d+)?\\] )?\\(12\\)Cannot allocate memory: (?:AH\\d{5}: )?fork: Unable to fork new process",
	  "[Wed Nov 01 09:20:24.949207 2017] [mpm_prefork:error] [pid 904] (12)Cannot allocate memory: AH00159: fork: Unable to fork new process"),

	/* ---- squid: ipcCreate's fork of a helper (logfile daemon, auth,
	 * rewriter), with squid's "(errno) text" ---- */
	R("squid-ipc-fork-enomem", "squid", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "squid", NULL,
	  "ipcCreate: fork: (12)",
	  "ipcCreate: fork: \\((?<errno>12)\\) Cannot allocate memory",
	  "2023/03/06 07:23:51| ipcCreate: fork: (12) Cannot allocate memory"),

	/* ---- HAProxy: a Lua function, action, fetch or service whose
	 * allocator refused (HLUA_E_NOMEM; tune.lua.maxmem when set) ---- */
	R("haproxy-lua-oom", "haproxy", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "haproxy", NULL,
	  "out of memory error",
	  "(?:\\[ALERT\\]\\s+\\((?<pid>\\d+)\\) : )?\\bLua (?:function|applet|filter|action|sample-fetch|converter|service|task|cli command)\\b[^:]{0,120}: out of memory error\\b",
	  "[ALERT]    (3439504) : Lua function 'quote_cookies': out of memory error."),
	/* Lua's own out-of-memory message (LUA_ERRMEM's "not enough memory",
	 * lua_pcall's error object) as its hosts print it: lua.c ("lua:
	 * file.lua:175: not enough memory"), the default panic ("PANIC:
	 * unprotected error in call to Lua API (not enough memory)"),
	 * OpenResty ("lua atpanic: Lua VM crashed, reason: ...", "lua entry
	 * thread aborted: memory allocation error: ..." behind nginx's error
	 * log prefix), game engines ("(LUA_ERRMEM) ... ] not enough memory"),
	 * xLua's LuaException, ntopng's "Script failure [x.lua][...]". A word
	 * of Lua on the line before the message tells it from other programs'
	 * "not enough memory"; the message ends the clause (a bracket, quote,
	 * stop or the line's end), so "... not enough memory to ..." in prose
	 * stays out. The match starts at the line's start and its lead never
	 * passes a "not enough memory": each line is one failure of one state,
	 * and two such lines a hard-wrap guess put together read as neither. */
	R("lua-not-enough-memory", "lua", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "not enough memory",
	  "^(?:[`'\"]?(?<comm>[a-z][\\w.+-]*): )?" NGX_PFX NOT_PAST_ENOUGH "{0,300}?(?i:\\blua|\\.lua\\b)" NOT_PAST_ENOUGH "{0,300}?(?:: |, |\\(|\\[|\\] )not enough memory(?:[)\\].`'\"]|\\s*$)",
	  "nginx: lua atpanic: Lua VM crashed, reason: not enough memory"),

	/* ---- nginx ---- */
	R("nginx-alloc", "nginx", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "nginx", NULL,
	  ") failed (",
	  NGX_PFX "(?:(?:malloc|calloc)\\((?<bytes>\\d+)\\)|(?:posix_memalign|memalign)\\(\\d+, (?<bytes>\\d+)\\)|mmap\\(MAP_ANON\\|MAP_SHARED, (?<bytes>\\d+)\\)) failed \\((?<errno>\\d+): ",
	  "2018/08/21 12:15:22 [emerg] 6644#0: *635240 malloc(104857600) failed (12: Cannot allocate memory) while waiting for request"),
	R("nginx-alloc-old", "nginx", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "nginx", NULL,
	  "bytes failed",
	  NGX_PFX "malloc\\(\\) (?<bytes>\\d+) bytes failed \\((?<errno>\\d+): ",
	  "2009/01/02 03:04:05 [emerg] 812#0: malloc() 4096 bytes failed (12: Cannot allocate memory)"),
	R("nginx-fork", "nginx", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "nginx", NULL,
	  "fork() failed while spawning",
	  NGX_PFX "fork\\(\\) failed while spawning \"[^\"]*\" \\((?<errno>12): ",
	  "2024/01/02 03:04:05 [alert] 100#0: fork() failed while spawning \"worker process\" (12: Cannot allocate memory)"),

	/* ---- PHP, Perl, Rust, gcc, git ---- */
	R("php-memory-limit", "php", K_RT, APP_A_ATTACH, APP_G_PHP, 0, 3, APP_F_KERNEL, -1, NULL, NULL,
	  "Allowed memory size",
	  PHP_PFX "(?:Allowed memory size of [\\d\\s]+b\\s*y\\s*t\\s*e\\s*s\\s+e\\s*x\\s*h\\s*a\\s*u\\s*s\\s*t\\s*e\\s*d(?:\\s+at\\s+\\S+:\\d+)?(?:\\s+\\(\\s*tried\\s+to\\s+allocate\\s+(?<bytes>\\d+))?"
	  "|Allowed memory size of \\d+\\s*$|[Ff]atal [Ee]rror:\\s+Allowed memory size(?: of)?\\s*$)",
	  "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/index.php on line 12"),
	/* The same fatal hard-wrapped by a person, a console or a mail client
	 * (the row above then ends its line after "exhausted", "(tried to
	 * allocate", the limit, "size of" or "size"): its size is on the next
	 * line ("(tried to allocate 20480 bytes) in", "bytes exhausted (tried
	 * to allocate N bytes)", "of 134217728 bytes exhausted (tried to ...",
	 * "51904512 bytes) in"). */
	R("php-memory-limit-size-line", "php", K_RT, APP_A_CTX, APP_G_PHP, 1, 0, 0, -1, NULL, NULL,
	  " bytes)",
	  "^\\s*(?:of\\s+)?(?:\\d+\\s+)?(?:bytes\\s+exhausted\\s+)?(?:\\(\\s*)?(?:tried\\s+)?(?:to\\s+)?(?:allocate\\s+)?"
	  "(?<bytes>\\d+) bytes\\)(?:\\s+in\\b|\\s*$)",
	  "(tried to allocate 20480 bytes) in"),
	/* zend_alloc's own refusal; the case of its words is not kept by every
	 * relay or retyping ("PHP Fatal Error: Out of Memory (Allocated N)
	 * (Tried to allocate N bytes)"). A debug build adds "at file:line". */
	R("php-out-of-memory", "php", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_KERNEL | APP_F_CI, -1, NULL, NULL,
	  "(tried to allocate ",
	  PHP_PFX "(?i:Out of memory \\(allocated \\d+(?: bytes)?\\) (?:at [^(]*)?\\(tried to allocate )(?<bytes>\\d+) (?i:bytes)\\)",
	  "PHP Fatal error:  Out of memory (allocated 2097152) (tried to allocate 4096 bytes) in /var/www/index.php on line 7"),
	/* PHP's proc_open() could not fork (Composer, Symfony Process): one
	 * call is printed up to three times, as "PHP Warning:" and "Warning:"
	 * (log and display) and as the ErrorException a handler made of it
	 * (Symfony's boxed message, "Uncaught exception 'ErrorException' with
	 * message '...'"); without stamps that tell them apart they are one. */
	R("php-proc-open-fork", "php", K_ALLOC, APP_A_ATTACH, APP_G_MALLOC, 12, 3, APP_F_REPEAT, 12, NULL, NULL,
	  "proc_open(): fork failed - ",
	  "\\bproc_open\\(\\): fork failed - (?:Cannot allocate memory|Out of memory|Not enough space)",
	  "PHP Warning:  proc_open(): fork failed - Cannot allocate memory in phar:///usr/local/bin/composer/vendor/symfony/console/Application.php on line 957"),
	/* Zend's zend_out_of_memory() (a failed pemalloc): the bare line, seen
	 * from PHP 8.2 CLI under `ulimit -v` after its allocator's
	 * "mmap() failed: [12] Cannot allocate memory" lines (not rows). */
	R("php-zend-out-of-memory", "php", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of memory",
	  "^Out of memory\\s*$",
	  "Out of memory"),
	R("perl-out-of-memory", "perl", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of memory",
	  "^(?:panic: )?Out of memory(?:\\\\?!| in perl:\\S+| during (?:\"large\" )?request for (?<bytes>\\d+) bytes)",
	  "Out of memory!"),
	/* A size past int64 (usize::MAX) saturates; the event is kept (spec). */
	/* Gecko's mozalloc_handle_oom (Firefox, Thunderbird; moz_xmalloc and
	 * NS_ABORT_OOM end there) writes the refused size in hex before it
	 * aborts. A size a person pasted as a placeholder ("0x[...]") is
	 * still the line; it gives no size. */
	R("mozalloc-oom", "mozalloc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "bytes requested",
	  "\\bout of memory: 0x(?:(?<hexbytes>[0-9a-fA-F]{1,16})|\\[[^\\]]{1,40}\\]|\\.{2,3}) bytes requested",
	  "out of memory: 0x0000000000100000 bytes requested"),
	/* SpiderMonkey's AutoEnterOOMUnsafeRegion::crash: an allocation the
	 * engine cannot recover from (Firefox, the mongo shell's mozjs)
	 * aborts with "[unhandlable oom] <reason>". */
	R("spidermonkey-unhandlable-oom", "spidermonkey", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "[unhandlable oom]",
	  "\\[unhandlable oom\\] \\S",
	  "Assertion failure: [unhandlable oom] OOM in createJitRuntime, at src/third_party/mozjs-45/extract/js/src/jscntxt.cpp:1228"),
	R("rust-alloc-error", "rust", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "memory allocation of ",
	  "memory allocation of (?<bytes>\\d+) bytes failed",
	  "memory allocation of 1099511627776 bytes failed"),
	/* std::io::Error for ENOMEM, displayed ("Cannot allocate memory (os
	 * error 12)", cargo-deb's failed spawn, wasmer's mmap) or debugged in a
	 * panic ("Os { code: 12, kind: OutOfMemory, message: ... }"). */
	R("rust-io-enomem", "rust", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "Cannot allocate memory",
	  "Cannot allocate memory \\(os error 12\\)|Os \\{ code: 12, kind: \\w+, message: \"Cannot allocate memory\" \\}",
	  "  because: Cannot allocate memory (os error 12)"),
	/* Vec::try_reserve & co. returning TryReserveError (AllocError only;
	 * CapacityOverflow is a size limit), printed by `main() -> Result`
	 * (Debug) or with `{}` (Display). */
	R("rust-try-reserve-debug", "rust", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "AllocError { layout: Layout { size: ",
	  "TryReserveError \\{ kind: AllocError \\{ layout: Layout \\{ size: (?<bytes>\\d+)",
	  "Error: TryReserveError { kind: AllocError { layout: Layout { size: 8589934592, align: 1 (1 << 0) }, non_exhaustive: () } }"),
	R("rust-try-reserve-display", "rust", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "the memory allocator returned an error",
	  "memory allocation failed because the memory allocator returned an error",
	  "Error: memory allocation failed because the memory allocator returned an error"),
	R("gcc-virtual-memory-exhausted", "gcc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "virtual memory exhausted",
	  WB "(?:(?<comm>[\\w.+-]+): )?virtual memory exhausted(?:: Cannot allocate memory)?",
	  "virtual memory exhausted: Cannot allocate memory"),
	/* GNU ld (BFD): a failed allocation sets bfd_error_no_memory, whose
	 * text ends the linker's message: "/usr/bin/ld: failed to set dynamic
	 * section sizes: memory exhausted" (older binutils "Memory
	 * exhausted"), or behind the input being read, "lib.a: error adding
	 * symbols: Memory exhausted". The program must be a linker (a name
	 * ending in "ld", with its path) or the input an object or archive:
	 * bison's parsers say "memory exhausted" too, at their own stack
	 * depth limit, which is no memory event. */
	R("ld-bfd-memory-exhausted", "ld", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "emory exhausted",
	  "(?:^|[\\s>`])(?:[^\\s:`]*/)?(?<comm>(?:[\\w.+-]+-)?ld(?:\\.bfd)?(?:\\.exe)?): (?:[^:]+: )*[Mm]emory exhausted\\s*$",
	  "/usr/bin/ld: failed to set dynamic section sizes: memory exhausted"),
	R("ld-bfd-input-memory-exhausted", "ld", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "emory exhausted",
	  "(?:^|[\\s>`])[^\\s:`]+\\.(?:a|o|so(?:\\.\\d+)*|obj|lib): error adding symbols: [Mm]emory exhausted\\s*$",
	  "../../lib/libLLVMMipsCodeGen.a: error adding symbols: Memory exhausted"),
	/* libsolv's solv_oom() (conda's and mamba's solver, zypper, dnf): prints and exits. */
	R("libsolv-oom", "libsolv", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Out of memory allocating ",
	  "(?:^|[\\s|:])Out of memory allocating (?<bytes>\\d+) bytes!",
	  "Solving environment: | Out of memory allocating 603979776 bytes!"),
	R("libiberty-xmalloc", "gcc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "out of memory allocating ",
	  WB "(?<comm>[\\w.+-]+): out of memory allocating (?<bytes>\\d+) bytes(?: after a total of \\d+ bytes)?",
	  "cc1plus: out of memory allocating 65536 bytes after a total of 2390016 bytes"),
	/* macOS libmalloc: "Python(99915,0x1f1c4c0c0) malloc: *** mmap(size=3149824)
	 * failed (error code=12)" (the stars escaped as "**\\*" by a markdown
	 * paste). */
	R("macos-malloc-mmap-failed", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  " malloc: ",
	  "(?<comm>[^\\s()]+)\\((?<pid>\\d+)(?:,0x[0-9a-fA-F]+)?\\) malloc: (?:\\*\\*\\\\?\\* )?mmap\\(size=(?<bytes>\\d+)\\) failed \\(error code=(?<errno>\\d+)\\)",
	  "Python(99915,0x1f1c4c0c0) malloc: *** mmap(size=3149824) failed (error code=12)"),
	/* A size a reporter blanked out ("xxxxxxx") is left out, the event kept. */
	R("git-malloc-failed", "git", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, "git", NULL,
	  "Out of memory, malloc failed",
	  "fatal: Out of memory, malloc failed \\(tried to allocate (?:(?<bytes>\\d+)|[xX?*.]+) bytes\\)",
	  "fatal: Out of memory, malloc failed (tried to allocate 1073741825 bytes)"),

	/* ---- libc / shells ---- */
	R("bash-fork-eagain", "libc", K_ALLOC, APP_A_SUPPRESS, APP_G_NONE, 0, 0, 0, -1, NULL, NULL,
	  "Resource temporarily unavailable",
	  "fork: (?:retry: )?Resource temporarily unavailable",
	  "bash: fork: retry: Resource temporarily unavailable"),
	/* bash's xmalloc/xrealloc, named by its $0: a script run by path
	 * ("./mjolnir.sh: xrealloc: ...", "/usr/local/libexec/bats-exec-test:
	 * xrealloc: ...") is named by its file name. */
	R("bash-xmalloc", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "cannot allocate ",
	  WB "-?(?:[^\\s:'\"`]*/)?(?<comm>[\\w.+-]+): x(?:malloc|realloc)(?:: [^:]*:\\d+)?: cannot allocate (?<bytes>\\d+) bytes",
	  "bash: xmalloc: ../bash/subst.c:4689: cannot allocate 1073741825 bytes (0 bytes allocated)"),
	/* util-linux su says "cannot create child process" for its fork. */
	R("shell-fork-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "Cannot allocate memory",
	  WB "-?" NOT_BACKGROUND "(?<comm>[\\w.+-]+)(?:\\[\\d+\\])?: (?:line \\d+: )?(?:cannot fork|fork|Unable to fork|fork failed|fork\\(\\) failed|cannot create child process)(?:\\(\\))?: Cannot allocate memory" QUOTED_IN_PROSE,
	  "-bash: fork: Cannot allocate memory"),
	/* strace's record of a memory syscall the kernel refused with ENOMEM
	 * ("vfork() = -1 ENOMEM (Cannot allocate memory)"), with the traced
	 * task's id when -f names it ("[pid  2398] " or "2398 ") and -t's clock.
	 * Other syscalls' ENOMEM (mlock, setrlimit) are limits, not shortage. */
	R("strace-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, 12, NULL, NULL,
	  "= -1 ENOMEM (",
	  "(?:^|(?<=\\s))(?:\\[pid\\s+(?<pid>\\d+)\\]\\s+|(?<pid>\\d+)\\s+)?(?:\\d+(?:[:.]\\d+)+\\s+)?"
	  "(?:v?fork|clone3?|mmap2?|mremap|brk|execve|shmget)\\(.*\\)\\s+= -1 ENOMEM \\(",
	  "[pid  2398] vfork()                     = -1 ENOMEM (Cannot allocate memory)"),
	/* bash's shell_execve: the child's execve() failed with ENOMEM (seen in a
	 * memory cgroup at its limit). */
	R("shell-exec-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  ": Cannot allocate memory",
	  WB "-?(?<comm>(?:ba|da|z|k|mk)?sh)(?:\\[\\d+\\])?: (?:line \\d+: )?[^\\s:]+: Cannot allocate memory\\s*$",
	  "bash: line 1: /usr/bin/ls: Cannot allocate memory"),
	/* A program could not be started: execve() (or the fork before it)
	 * failed with ENOMEM. The process is the program the line names:
	 * distutils' "unable to execute 'gcc'", setuptools' "command 'gcc'
	 * failed", Go's "fork/exec /path/prog", runc's "exec /app/prog". */
	R("exec-enomem-named", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI | APP_F_NOTAG, 12, NULL, NULL,
	  "cannot allocate memory",
	  "(?i)(?:unable to execute|cannot execute|can't execute|could not execute|couldn't execute|failed to execute|command|fork/exec|\\bexec(?:ve|vp|v|l|lp)?|posix_spawnp?|cannot run|couldn't run|failed to run|failed to spawn|unable to spawn) ['\"`]?(?<comm>[^\\s'\"`:,()]+)['\"`]?(?: failed)?: (?:\\[Errno 12\\] )?cannot allocate memory",
	  "unable to execute 'gcc': Cannot allocate memory"),
	/* A program's own report of a failed fork for a quoted command line
	 * ('failed to fork for command "vim -E ...": Cannot allocate
	 * memory'): the process is the command's program. */
	R("fork-for-command-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, 12, NULL, NULL,
	  "to fork for command \"",
	  "\\bfailed to fork for command \"(?:[^\\s\"]*/)?(?<comm>[^\\s\"/]+).*?\": Cannot allocate memory",
	  "failed to fork for command \"vim -E -X -R -u ~/.vimrc -i NONE -- sound/sparc/cs4231.c\": Cannot allocate memory"),
	/* Java's ProcessBuilder: the JVM's fork/exec of the named program failed.
	 * Java 6 nests the cause in the message (": java.io.IOException:
	 * error=12"); the quotes may be JSON-escaped; a paste wrapped after
	 * "Cannot run " leaves "program ..." at the start of the next line. */
	R("jvm-cannot-run-program", "jvm", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, 12, NULL, NULL,
	  "error=12, ",
	  "(?:Cannot run |^\\W{0,2})program \\\\?\"(?<comm>[^\"\\\\]+)\\\\?\"(?: \\(in directory \\\\?\"[^\"]*\"\\))?: "
	  "(?:java\\.io\\.IOException: )?error=(?<errno>12), ",
	  "java.io.IOException: Cannot run program \"git\" (in directory \"/srv/repo\"): error=12, Cannot allocate memory"),
	/* CPython's OSError for ENOMEM (fork in subprocess, mmap, ...), with the
	 * file it names when it names one. */
	R("python-errno12", "python", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "[Errno 12] ",
	  "\\[Errno 12\\] (?:Cannot allocate memory|Not enough space|Out of memory)(?:: '(?<comm>[^']+)')?",
	  "OSError: [Errno 12] Cannot allocate memory"),
	/* Node's child_process: libuv's fork for spawn() failed with ENOMEM
	 * ("Error: spawn ENOMEM", newer Node "Error: spawn /bin/sh ENOMEM"). */
	R("node-spawn-enomem", "node", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, NULL, NULL,
	  "ENOMEM",
	  "\\bError: spawn(?:Sync)?(?: [^\\s'\"]+)? ENOMEM\\b",
	  "Error: spawn ENOMEM"),
	/* Ruby's Errno::ENOMEM as "Class: msg" (Bundler, Chef) or in Ruby's own
	 * uncaught form "msg (Class)", where msg is strerror and " - " and the
	 * command that could not be started ("... - which sudo 2>/dev/null"). */
	R("ruby-enomem-fork", "ruby", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "ruby", NULL,
	  "Errno::ENOMEM",
	  "Errno::ENOMEM: Cannot allocate memory|Cannot allocate memory - .*\\(Errno::ENOMEM\\)",
	  "Errno::ENOMEM: Cannot allocate memory - fork(2)"),
	/* The same error's message alone, as a logger prints it (Sidekiq's
	 * "WARN: Cannot allocate memory - hostname" for a backtick command,
	 * Ruby 1.9): strerror, " - ", the command whose fork failed. Only at
	 * the start of the message or after a level word. */
	R("ruby-enomem-message", "ruby", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, 12, NULL, NULL,
	  "Cannot allocate memory - ",
	  "(?:^|\\b(?:WARN|ERROR|FATAL|Error|error):\\s+)Cannot allocate memory - (?:fork\\(2\\)|(?:[^\\s'\"`]*/)?(?<comm>[^\\s'\"`/(]+))",
	  "2012-08-29T18:26:25Z 15004 TID-1xb938 WARN: Cannot allocate memory - hostname"),

	/* ---- systemd, systemd-oomd, earlyoom ----
	 * systemd's unit lines may open a markdown code span ("`x.service: A
	 * process of this unit ...`"): a backtick before the unit is no part
	 * of its name, and the quote may drop the message's closing period. */
	R("systemd-unit-oom-kill", "systemd", K_KILL, APP_A_ATTACH, APP_G_SYSD, 0, 3, APP_F_NOTAG | APP_F_KEYUNIT, -1, NULL, "kernel",
	  "killed by the OOM killer",
	  "(?:^|[\\s`])" UNIT ": A process of this unit has been killed by the OOM killer\\b",
	  "erigon.service: A process of this unit has been killed by the OOM killer."),
	R("systemd-result-oom-kill", "systemd", K_KILL, APP_A_ATTACH, APP_G_SYSD, 1, 2, APP_F_NOTAG | APP_F_KEYUNIT | APP_F_OOMD, -1, NULL, "kernel",
	  "'oom-kill'",
	  "(?:^|[\\s`])" UNIT ": Failed with result 'oom-kill'",
	  "erigon.service: Failed with result 'oom-kill'."),
	R("systemd-main-killed", "systemd", K_KILL, APP_A_ENRICH, APP_G_SYSD, 2, 0, APP_F_NOTAG | APP_F_KEYUNIT | APP_F_OOMD, -1, NULL, "kernel",
	  "code=killed",
	  "(?:^|\\s)" UNIT ": Main process exited, code=killed, status=9/KILL",
	  "erigon.service: Main process exited, code=killed, status=9/KILL"),
	/* PID 1's notice outranks the unit's generic result line (a view
	 * filtered to the unit holds no oomd line) and ties with "Marked",
	 * which comes first; oomd's "Killed" line still identifies a kill. */
	R("systemd-oomd-unit-notice", "systemd-oomd", K_UKILL, APP_A_ATTACH, APP_G_OOMD, 0, 2, APP_F_NOTAG | APP_F_KEYUNIT, -1, NULL, "systemd-oomd",
	  "systemd-oomd killed ",
	  "(?:^|\\s)" UNIT ": systemd-oomd killed (?:\\d+|some) process\\(es\\) in this unit",
	  "vte-spawn-dbb4a75e.scope: systemd-oomd killed 12 process(es) in this unit."),
	/* Also a paste wrapped right after "Killed": the next line starts
	 * with the unit's cgroup and goes on " due to memory ...". */
	R("systemd-oomd-kill", "systemd-oomd", K_UKILL, APP_A_ATTACH, APP_G_OOMD, 1, 3, APP_F_NOTAG | APP_F_KEYUNIT, -1, NULL, "systemd-oomd",
	  " due to memory ",
	  "(?:(?:^|\\s)Killed |^[\\s>|]*(?=/\\S*\\.(?:service|scope|slice) ))(?<cgroup>/\\S*) due to memory (?:pressure|used)",
	  "Killed /user.slice/user-1001.slice/user@1001.service/app.slice/vte-spawn-dbb4a75e.scope due to memory pressure for /user.slice/user-1001.slice/user@1001.service being 51.07% > 50.00% for > 20s with reclaim activity"),
	/* The kill line wrapped before its reason: the cgroup of a unit alone,
	 * then "  due to memory pressure for ..." on the next line. A paste
	 * cut inside the path ("Killed /user.slice/user-1000.slice/user@1000")
	 * still names a cgroup: a path through a slice, ending the line. */
	R("systemd-oomd-kill-wrapped", "systemd-oomd", K_UKILL, APP_A_ATTACH, APP_G_OOMD, 3, 3, APP_F_NOTAG | APP_F_KEYUNIT, -1, NULL, "systemd-oomd",
	  "Killed /",
	  "(?:^|\\s)Killed (?<cgroup>/\\S*\\.(?:service|scope|slice)|/[\\w.@-]+\\.slice/\\S*[^\\s/])\\s*$",
	  "Killed /user.slice/user-1000.slice/user@1000.service/app.slice/overdeck-tmux-server.service"),
	R("systemd-oomd-kill-reason", "systemd-oomd", K_UKILL, APP_A_CTX, APP_G_OOMD, 4, 0, APP_F_NOTAG, -1, NULL, "systemd-oomd",
	  "due to memory ",
	  "^\\s*due to memory (?:pressure|used)",
	  "  due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 56.11% > 50.00% for > 20s with reclaim activity"),
	R("systemd-oomd-marked", "systemd-oomd", K_UKILL, APP_A_ATTACH, APP_G_OOMD, 2, 2, APP_F_NOTAG | APP_F_KEYUNIT, -1, NULL, "systemd-oomd",
	  " for killing due to memory ",
	  "(?:^|\\s)Marked (?<cgroup>/\\S*) for killing due to memory",
	  "Marked /user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope for killing due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 61.37% > 50.00% for > 20s with reclaim activity"),
	/* systemd-oomd's debug line, one per process it sends SIGKILL (v249
	 * and later; the only trace of a kill whose cgroup vanished midway,
	 * "Failed to kill any cgroup(s) ... No such device", v250). The lines
	 * of one kill run together, before its Marked/Killed line: the first
	 * opens the kill, the next ones join it (context), and a kill that a
	 * Marked/Killed line already leads takes none of them. */
	R("systemd-oomd-attempt", "systemd-oomd", K_UKILL, APP_A_ATTACH, APP_G_OOMD, 5, 1, APP_F_NOTAG | APP_F_TRAIL, -1, NULL, "systemd-oomd",
	  "oomd attempting to kill ",
	  "(?:^|\\s)oomd attempting to kill \\d+ with (?:SIG)?KILL",
	  "oomd attempting to kill 113 with KILL"),
	R("systemd-oomd-attempt-more", "systemd-oomd", K_UKILL, APP_A_CTX, APP_G_OOMD, 6, 1, APP_F_NOTAG | APP_F_TRAIL, -1, NULL, "systemd-oomd",
	  "oomd attempting to kill ",
	  "(?:^|\\s)oomd attempting to kill \\d+ with (?:SIG)?KILL",
	  "oomd attempting to kill 118 with KILL"),
	/* A kill that failed midway (v250: its cgroup vanished) ends there:
	 * oomd's next "attempting" lines are another kill. */
	R("systemd-oomd-kill-failed", "systemd-oomd", K_UKILL, APP_A_CTX, APP_G_OOMD, 7, 0, APP_F_NOTAG | APP_F_ENDS, -1, NULL, "systemd-oomd",
	  "Failed to kill any cgroup",
	  "(?:^|\\s)Failed to kill any cgroup\\(s\\) (?:under|based on)",
	  "Failed to kill any cgroup(s) under /system.slice based on pressure: No such device"),
	R("earlyoom-dryrun", "earlyoom", K_UKILL, APP_A_CANCEL, APP_G_EARLY, 0, 0, APP_F_NOTAG, -1, NULL, "earlyoom",
	  "dryrun, not actually sending",
	  "dryrun, not actually sending any signal",
	  "dryrun, not actually sending any signal"),
	R("earlyoom-kill", "earlyoom", K_UKILL, APP_A_OPEN, APP_G_EARLY, 0, 3, APP_F_NOTAG, -1, NULL, "earlyoom",
	  " to process ",
	  "(?:^|\\s)sending (?:SIG\\w+|\\d+) to process (?<pid>\\d+)(?: uid (?<uid>\\d+))? \"(?<comm>[^\"]*)\": (?:badness|oom_score)",
	  "sending SIGTERM to process 29410 uid 1000 \"cluster\": badness 1264, VmRSS 23964 MiB"),
	R("earlyoom-kill-v13dev", "earlyoom", K_UKILL, APP_A_OPEN, APP_G_EARLY, 0, 3, APP_F_NOTAG | APP_F_CI, -1, NULL, "earlyoom",
	  "killing process ",
	  "(?:^|\\s)[Kk]illing process (?<pid>\\d+) \"(?<comm>[^\"]*)\" with signal \\d+",
	  "killing process 1234 \"firefox\" with signal 15: badness 900, VmRSS 4000 MiB"),
	/* A paste wrapped after "with signal N," (a mail's or a terminal's
	 * width) carries "pid: N, badness: ..." on the next line. */
	R("earlyoom-kill-v12", "earlyoom", K_UKILL, APP_A_OPEN, APP_G_EARLY, 0, 3, APP_F_NOTAG | APP_F_CI, -1, NULL, "earlyoom",
	  "killing process '",
	  "(?:^|\\s)[Kk]illing process '(?<comm>[^']*)' with signal \\d+(?:, pid: (?<pid>\\d+)|,[ \\t]*$)",
	  "Killing process 'firefox' with signal 15, pid: 1234, badness: 900, VmRSS: 4000 MiB"),
	R("earlyoom-kill-v12-pid-wrapped", "earlyoom", K_UKILL, APP_A_CTX, APP_G_EARLY, 1, 0, APP_F_NOTAG, -1, NULL, "earlyoom",
	  "pid: ",
	  "^[\\s>|]*pid: (?<pid>\\d+), badness: \\d+",
	  "pid: 24059, badness: 997, VmRSS: 4278 MiB"),

	/* nohang's corrective action (hakavlad/nohang, 2019 releases): the
	 * victim was named on the lines before; "Send SIGTERM to tail: 1" in
	 * its "Total stat" summary is a counter, not an action. */
	R("nohang-send-signal", "nohang", K_UKILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "nohang",
	  "to the victim",
	  "\\bSend SIG(?:TERM|KILL) to the victim\\b",
	  "  Send SIGTERM to the victim; total response time: 13246 ms"),

	/* ---- Kubernetes and Docker: a container's OOM kill as the runtime saw it ----
	 * The kernel killed a process of the container (the runtime read its
	 * cgroup's oom_kill count): kubectl describe's "Reason: OOMKilled" (State
	 * or Last State) and the same status in a pod's YAML ("reason: OOMKilled")
	 * or JSON ("reason": "OOMKilled"); docker inspect's "OOMKilled": true;
	 * kubelet's SystemOOM event; GitLab Runner's Kubernetes executor
	 * quotes it ("Error in container build: exit code: 137, reason:
	 * 'OOMKilled'"). A double-quoted value behind a bare key is Go source
	 * ("Reason: \"OOMKilled\","), not a status. */
	R("k8s-reason-oomkilled", "kubernetes", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "OOMKilled",
	  "(?:(?<![\\w\"])[Rr]eason:[ \\t]*(?:OOMKilled\\b|'OOMKilled')|\"reason\":[ \\t]*\"OOMKilled\")",
	  "      Reason:       OOMKilled"),
	R("docker-inspect-oomkilled", "docker", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "OOMKilled",
	  "\"OOMKilled\":[ \\t]*true\\b",
	  "            \"OOMKilled\": true,"),
	/* The same relay in older or other orchestrators' words: Kubernetes
	 * 2014's kubelet status ("reason": "OOM Killed", from docker 1.4's
	 * inspect; "reason:OOM Killed" in a Go map printed by
	 * kubectl -o go-template) and Nomad's task failure ("Wait returned exit code 137,
	 * signal 0, and error OOM Killed"; the UI's Exit Message: "OOM Killed"). */
	/* Workflow engines that relay the container status in their own
	 * words: Argo Workflows' node message "OOMKilled (exit code 137)" and
	 * Airflow's KubernetesExecutor failure record ("container_state:
	 * terminated, container_reason: OOMKilled, ..."; its pod-level
	 * "reason: None" is no kill). */
	R("argo-oomkilled-exit-code", "argo", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "OOMKilled (exit code ",
	  "(?<![\\w-])OOMKilled \\(exit code \\d+\\)",
	  "then argo is able to detect it and turn to Fail phase with the following correct error: OOMKilled (exit code 137)"),
	R("airflow-container-reason-oomkilled", "airflow", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "container_reason: OOMKilled",
	  "\\bcontainer_reason:[ \\t]*OOMKilled\\b",
	  "container_state: terminated, container_reason: OOMKilled, container_message: None, exit_code: 137"),
	R("orchestrator-oom-killed-spaced", "nomad", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "OOM Killed",
	  "(?:\\band error OOM Killed\\b|\"reason\":[ \\t]*\"OOM Killed\"|\\breason:OOM Killed\\b|Exit Message:[ \\t]*\"OOM Killed\")",
	  "2019/04/08 06:03:16.608873 [INFO] client: task \"worker\" for alloc \"c5d0e905-946b-d847-412f-4d727da98ab2\" failed: Wait returned exit code 137, signal 0, and error OOM Killed"),
	R("kubelet-system-oom", "kubernetes", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "System OOM encountered",
	  "System OOM encountered(?:, victim process: (?<comm>[^,]+), pid: (?<pid>\\d+))?",
	  "Warning  SystemOOM  12m  kubelet  System OOM encountered, victim process: stress, pid: 470521"),

	/* cAdvisor (inside the kubelet, glog level 3) records each OOM report
	 * it reads from the kernel log twice: "Created an OOM event in
	 * container \"/kubepods/...\" at ..." for the cgroup that hit its
	 * limit, then "Created an OOM kill event in container \"...\" at ..."
	 * for the victim's; the two lines are one kill. */
	R("cadvisor-oom-event", "cadvisor", K_KILL, APP_A_ATTACH, APP_G_CADV, 0, 2, APP_F_NOTAG, -1, NULL, "kernel",
	  "Created an OOM event in",
	  "\\bCreated an OOM event in\\b",
	  "I1010 17:41:57.858757    4991 manager.go:1126] Created an OOM event in container \"/\" at 2017-10-10 17:41:57 +0000 UTC"),
	R("cadvisor-oom-kill-event", "cadvisor", K_KILL, APP_A_ATTACH, APP_G_CADV, 1, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  "Created an OOM kill event in",
	  "\\bCreated an OOM kill event in\\b",
	  "I1010 17:41:57.858804    4991 manager.go:1142] Created an OOM kill event in container \"/\" at 2017-10-10 17:41:57 +0000 UTC"),

	/* The kubelet's own kill: an eviction under node memory pressure
	 * (pkg/kubelet/eviction): "The node was low on resource: memory.
	 * Container C was using X, which exceeds its request of R." (newer:
	 * "... Threshold quantity: Q, available: A. Container C was using X,
	 * request is R, has larger consumption of memory.", the container's
	 * sentence sometimes on a line of its own). An eviction for another
	 * resource (ephemeral-storage) is no memory event; a pod refused at
	 * admission under MemoryPressure is a warning. */
	R("kubelet-eviction-memory", "kubelet", K_UKILL, APP_A_ATTACH, APP_G_K8SEVICT, 0, 3, APP_F_NOTAG, -1, NULL, "kubelet",
	  "low on resource: memory",
	  "The node was low on resource: memory\\.(?:\\s+Threshold quantity: \\S+, available: \\S+\\.)?(?:\\s+Container (?<comm>[\\w.-]+) was using)?",
	  "Message:        The node was low on resource: memory. Container treetracker-pgpool was using 1275700Ki, which exceeds its request of 0."),
	/* Kubernetes 1.5-1.8 named the condition instead: "The node was low
	 * on resource: [MemoryPressure]." ([DiskPressure] is the disk's). */
	R("kubelet-eviction-memorypressure", "kubelet", K_UKILL, APP_A_ATTACH, APP_G_K8SEVICT, 0, 3, APP_F_NOTAG, -1, NULL, "kubelet",
	  "low on resource: [MemoryPressure]",
	  "The node was low on resource: \\[MemoryPressure\\]",
	  "Warning  Evicted  pod/web-1  The node was low on resource: [MemoryPressure]."),
	R("kubelet-eviction-container", "kubelet", K_UKILL, APP_A_CTX, APP_G_K8SEVICT, 1, 0, APP_F_NOTAG, -1, NULL, "kubelet",
	  "was using ",
	  "^\\s*Container (?<comm>[\\w.-]+) was using \\S+, (?:request is|which exceeds its request of) ",
	  "Container dptp-controller-manager was using 48458972Ki, request is 15Gi, has larger consumption of memory. "),
	R("kubelet-memorypressure-admission", "kubelet", K_WARN, APP_A_OPEN, APP_G_NONE, 0, 1, APP_F_NOTAG, -1, NULL, NULL,
	  "[MemoryPressure]",
	  "The node had condition: \\[MemoryPressure\\]",
	  "4m7s        Warning   Evicted               pod/egg-2    The node had condition: [MemoryPressure]."),

	/* ---- BPF tracers of the kernel's OOM killer ----
	 * bcc's and libbpf-tools' oomkill: "Triggered by PID %d ("%s"), OOM kill
	 * of PID %d ("%s"), %lld pages, loadavg: ..." (the kernel killed; the
	 * tracer saw oom_kill_process). */
	R("bpf-oomkill-tracer", "bpf", K_KILL, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_NOTAG, -1, NULL, "kernel",
	  ", OOM kill of PID ",
	  "Triggered by PID (?<tpid>\\d+) \\(\"(?<tcomm>[^\"]*)\"\\), OOM kill of PID (?<pid>\\d+) \\(\"(?<comm>[^\"]*)\"\\)",
	  "11:41:47 Triggered by PID 636163 (\"perf\"), OOM kill of PID 636163 (\"mysql\"), 321382 pages, loadavg: 0.10 0.13 0.05 4/232 636418"),

	/* ---- Unreal Engine: FMemory's fatal "Ran out of memory allocating N
	 * bytes" (GenericPlatformMemory.cpp), with the Windows message that
	 * VirtualAlloc left (the commit limit) or without one (UE4), the size
	 * also in MiB since UE5 or replaced by a placeholder in a retelling. */
	R("unreal-oom-pagefile", "unreal", K_COMMIT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 1455, NULL, NULL,
	  "Ran out of memory allocating ",
	  "Ran out of memory allocating (?:(?<bytes>\\d+)(?: \\([\\d.]+ [KMGT]?i?B\\))?|<\\w+>) bytes with alignment \\d+\\. Last error msg: The paging file is too small",
	  "Ran out of memory allocating 5894144 (5.6 MiB) bytes with alignment 0. Last error msg: The paging file is too small for this operation to complete.."),
	R("unreal-oom", "unreal", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, 0, -1, NULL, NULL,
	  "Ran out of memory allocating ",
	  "Ran out of memory allocating (?:(?<bytes>\\d+)(?: \\([\\d.]+ [KMGT]?i?B\\))?|<\\w+>) bytes with alignment \\d+",
	  "LogWindows: Error: Ran out of memory allocating 1623124170 bytes with alignment 16"),

	/* ---- Windows: events and system messages ---- */
	R("windows-2004-provider", "windows", K_COMMIT, APP_A_PRE, APP_G_WIN2004, 0, 0, 0, -1, NULL, NULL,
	  "Resource-Exhaustion-Detector",
	  "Microsoft-Windows-Resource-Exhaustion-Detector",
	  "Source: Microsoft-Windows-Resource-Exhaustion-Detector"),
	R("windows-2004-event-id", "windows", K_COMMIT, APP_A_ATTACH, APP_G_WIN2004, 1, 1, APP_F_NEEDPRE, -1, NULL, NULL,
	  "2004",
	  "^\\s*(?:Event ID|EventID|Id)\\s*:\\s*2004\\s*$",
	  "Event ID: 2004"),
	R("windows-2004-event-id-xml", "windows", K_COMMIT, APP_A_ATTACH, APP_G_WIN2004, 6, 1, APP_F_NEEDPRE, -1, NULL, NULL,
	  "2004",
	  "<EventID(?: [^>]*)?>2004</EventID>",
	  "<EventID>2004</EventID>"),
	R("windows-2004-diagnosed", "windows", K_COMMIT, APP_A_ATTACH, APP_G_WIN2004, 2, 3, APP_F_CONSUMERS, -1, NULL, NULL,
	  "low virtual memory condition",
	  "Windows successfully diagnosed a low virtual memory condition",
	  "Windows successfully diagnosed a low virtual memory condition. The following programs consumed the most virtual memory: devenv.exe (2096) consumed 381345792 bytes, Microsoft.VisualStudio.Web.Host.exe (4120) consumed 349298688 bytes, and Microsoft.VsHub.Server.HttpHost.exe (4620) consumed 68780032 bytes."),
	R("windows-2004-xml-process", "windows", K_COMMIT, APP_A_CTX, APP_G_WIN2004, 3, 0, APP_F_XMLCONS, -1, NULL, NULL,
	  "<",
	  "<(?:Name|ID|CommitCharge)>",
	  "<Name>devenv.exe</Name>"),
	R("windows-1008-failed-diagnose", "windows", K_COMMIT, APP_A_ATTACH, APP_G_WIN2004, 4, 2, 0, -1, NULL, NULL,
	  "failed to diagnose a low virtual memory",
	  "Windows failed to diagnose a low virtual memory condition",
	  "Windows failed to diagnose a low virtual memory condition."),
	R("windows-1010-could-not-restore", "windows", K_COMMIT, APP_A_ATTACH, APP_G_WIN2004, 5, 2, 0, -1, NULL, NULL,
	  "could not restore the computer's virtual memory",
	  "Windows could not restore the computer's virtual memory",
	  "Windows could not restore the computer's virtual memory. To prevent information loss, save your files and close your programs."),
	R("windows-srv-pool", "windows", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI, -1, "srv", NULL,
	  "pool because the pool was empty",
	  "(?i)unable to allocate from the system (?:non-?paged|paged) pool because the pool was empty",
	  "The server was unable to allocate from the system nonpaged pool because the pool was empty."),
	/* hcsshim's error wrapping ("hcsshim::CreateComputeSystem <id>: ..."),
	 * "hcs::" in newer Docker engines. */
	R("docker-hcsshim-commit", "docker", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 0, 3, 0, 1455, "dockerd", NULL,
	  "paging file is too small",
	  "\\bhcs(?:shim)?::\\w+ [^:]*: The paging file is too small",
	  "hcsshim::CreateComputeSystem 3f2a: The paging file is too small for this operation to complete."),
	R("windows-out-of-virtual-memory", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 1, 3, 0, -1, NULL, NULL,
	  "irtual memory",
	  "(?:Windows - Out of Virtual Memory|\\{Out of Virtual Memory\\}|Your system is low on virtual memory)",
	  "Application popup: Windows - Out of Virtual Memory : Your system is low on virtual memory."),
	/* A failure that names the code in parentheses after its message
	 * ("Could not create file mapping object (1455)"), also when the
	 * same line goes on to explain the code. */
	R("windows-commit-code-parens", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 2, 3, APP_F_CI, 1455, NULL, NULL,
	  "(1455)",
	  "(?i)\\b(?:could not|couldn't|cannot|can't|unable to|failed to)\\s[^()\"]{1,80}\\(1455\\)",
	  "Could not create file mapping object (1455)"),
	/* The commit-limit names and codes where nothing failed: a header or
	 * binding that defines them (#define ERROR_COMMITMENT_LIMIT 1455L,
	 * winerror.h's MessageId/MessageText comments, Go's
	 * _ERROR_COMMITMENT_LIMIT = 1455, a case label or mapping table), a
	 * list or table of error codes (ERROR_COMMITMENT_LIMIT (1455, 0x5AF):
	 * ..., | 1455 | ERROR_COMMITMENT_LIMIT |, a heading "1455 (0x5AF)"
	 * alone) and prose that explains the code ("indicates", "means"). */
	R("windows-commit-definition", "windows", K_COMMIT, APP_A_SUPPRESS, APP_G_NONE, 0, 0, APP_F_EXPLAINS, -1, NULL, NULL,
	  "COMMITMENT_LIMIT",
	  "^\\s*(?:#\\s*define\\s+_?(?:ERROR|STATUS)_COMMITMENT_LIMIT\\b|(?://+|/\\*+|\\*|;|#|--)\\s*MessageId:\\s*(?:ERROR|STATUS)_COMMITMENT_LIMIT\\b|(?:(?:pub\\s+)?const\\s+)?_?(?:ERROR|STATUS)_COMMITMENT_LIMIT\\s*(?::\\s*[\\w:]+\\s*)?=|case\\s+[\\w:.]*(?:ERROR|STATUS)_COMMITMENT_LIMIT\\s*:|\\{\\s*(?:ERROR|STATUS)_COMMITMENT_LIMIT\\s*,|(?:(?:[-*]|•)\\s*)?`?(?:ERROR|STATUS)_COMMITMENT_LIMIT`?\\s*(?:$|\\(\\s*\\d+\\s*,\\s*0x[0-9A-Fa-f]+\\s*\\)|(?:[-|,:]\\s*|\\s+)(?:\\d+|0x[0-9A-Fa-f]+)\\b)|\\|.*\\bCOMMITMENT_LIMIT\\b.*\\|)|\\|\\s*`?(?:ERROR|STATUS)_COMMITMENT_LIMIT`?\\s*\\||\\breturns\\s+(?:ERROR|STATUS)_COMMITMENT_LIMIT\\b[^.;]{0,40}\\bwhen\\b|\\b(?:ERROR|STATUS)_COMMITMENT_LIMIT\\b(?: error| status| code)?[^.;]{0,60}?\\b(?:indicates|means|is returned|is defined|occurs when)\\b",
	  "#define ERROR_COMMITMENT_LIMIT           1455L"),
	R("windows-commit-listing", "windows", K_COMMIT, APP_A_SUPPRESS, APP_G_NONE, 0, 0, APP_F_CI | APP_F_EXPLAINS, -1, NULL, NULL,
	  "",
	  "^\\s*(?:1455\\s*\\(0x0*5AF\\)|0xC000012D\\s*\\(?STATUS_COMMITMENT_LIMIT\\)?)\\s*$|^\\s*(?://+|/\\*+|\\*|;)\\s*(?:The paging file is too small for this operation to complete|\\{Out of Virtual Memory\\}|页面文件太小|分页文件太小)",
	  "//  The paging file is too small for this operation to complete."),
	/* Prose that explains the hex code ("Error code 0x5af indicates that
	 * the system paging file is full"): no failure in it. */
	R("windows-commit-hex-explained", "windows", K_COMMIT, APP_A_SUPPRESS, APP_G_NONE, 0, 0, APP_F_CI | APP_F_EXPLAINS, -1, NULL, NULL,
	  "5af",
	  "(?i)\\b0x(?:0*|80070)5af\\b(?: error| status| code)?[^.;]{0,60}?\\b(?:indicates|means|is returned|is defined|occurs when)\\b",
	  "Error code 0x5af indicates that the system paging file is full or too heavily fragmented."),
	/* The same for the decimal code, a markdown link around the words
	 * allowed ("[Error code 1455 means](https://...):"), the code named
	 * ("1455 is ERROR_COMMITMENT_LIMIT - see ...") and another report's
	 * error pointed at in prose ("which had the same error 1455"). */
	R("windows-commit-code-explained", "windows", K_COMMIT, APP_A_SUPPRESS, APP_G_NONE, 0, 0, APP_F_CI | APP_F_EXPLAINS, -1, NULL, NULL,
	  "1455",
	  "(?i)\\b(?:error|code|errno|err)\\s*(?:code\\s*)?1455\\b(?: error| status| code)?\\s*(?:means|indicates|is defined as)\\b|(?<![\\w=])1455 is (?:ERROR|STATUS)_COMMITMENT_LIMIT\\b|\\b(?:same|similar) (?:error|code|errno)(?: code)? 1455\\b",
	  "[Error code 1455 means](https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-):"),
	R("windows-commit-code", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 2, 3, APP_F_CI, 1455, NULL, NULL,
	  "1455",
	  "(?i)(?:\\b(?:err|errno|error(?: ?code)?|os error|win32 error|last ?error|GetLastError\\(\\)|status|code)\\s*[=:]?\\s*\\(?1455\\b|\\b0x0*5af\\b|\\b0x800705af\\b)",
	  "Failed to allocate large pages: err=1455"),
	R("windows-commit-hex", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 2, 3, APP_F_CI, 1455, NULL, NULL,
	  "5af",
	  "(?i)(?:\\b0x0*5af\\b|\\b0x800705af\\b|\\berror:? 5af\\b)",
	  "CreateFileMapping failed: 0x5AF"),
	R("windows-commit-symbol", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 2, 3, 0, 1455, NULL, NULL,
	  "COMMITMENT_LIMIT",
	  "\\bERROR_COMMITMENT_LIMIT\\b",
	  "VirtualAlloc failed: ERROR_COMMITMENT_LIMIT"),
	R("windows-ntstatus-commit", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 3, 3, APP_F_CI, -1, NULL, NULL,
	  "c000012d",
	  "(?i)\\b0x(?<errhex>c000012d)\\b",
	  "The process exited with code 0xC000012D"),
	R("windows-ntstatus-commit-sym", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 3, 3, 0, 3221225773, NULL, NULL,
	  "STATUS_COMMITMENT_LIMIT",
	  "\\bSTATUS_COMMITMENT_LIMIT\\b|exit(?:ed with)? code -1073741523\\b",
	  "NtAllocateVirtualMemory returned STATUS_COMMITMENT_LIMIT"),
	R("windows-paging-file-text", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 4, 3, APP_F_DEFQUOTE, 1455, NULL, NULL,
	  "paging file is too small",
	  "The paging file is too small for this operation to complete",
	  "The paging file is too small for this operation to complete."),
	R("windows-paging-file-text-l10n", "windows", K_COMMIT, APP_A_ATTACH, APP_G_NONE, 4, 3, APP_F_DEFQUOTE, 1455, NULL, NULL,
	  "",
	  "页面文件太小|分页文件太小|頁面檔太小|ページング ファイルが小さすぎ|Die Auslagerungsdatei ist zu klein|Le fichier de pagination est (?:insuffisant|trop petit)|El archivo de paginaci(?:o|ó)n es demasiado peque|Файл подкачки слишком мал|Il file di paging è troppo piccolo|O arquivo de paginação é muito pequeno",
	  "页面文件太小，无法完成操作。"),
	/* 0x8007000E is HRESULT_FROM_WIN32(ERROR_OUTOFMEMORY): errno 14. */
	R("windows-generic-alloc-code", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, APP_F_CI, 14, NULL, NULL,
	  "0x8007000e",
	  "(?i)\\b0x8007000e\\b",
	  "WslRegisterDistribution failed with error: 0x8007000e"),
	/* 0x80070008 is HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY): errno 8
	 * (.NET's "(Exception from HRESULT: 0x80070008)", localized too). */
	R("windows-generic-alloc-code8", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, APP_F_CI, 8, NULL, NULL,
	  "0x80070008",
	  "(?i)\\b0x80070008\\b",
	  "Not enough memory resources are available to process this command. (Exception from HRESULT: 0x80070008)"),
	R("windows-generic-alloc-symbol", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, 0, -1, NULL, NULL,
	  "_",
	  "\\b(?:E_OUTOFMEMORY|ERROR_NOT_ENOUGH_MEMORY|ERROR_OUTOFMEMORY|STATUS_NO_MEMORY|STATUS_INSUFFICIENT_RESOURCES)\\b",
	  "CoCreateInstance failed: E_OUTOFMEMORY"),
	R("windows-generic-alloc-text", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, 0, -1, NULL, NULL,
	  "Not enough ",
	  "Not enough (?:memory resources|storage) (?:is|are) available to (?:process this command|complete this operation)|Not enough virtual memory or paging file quota is available",
	  "Not enough memory resources are available to process this command."),
	/* Error 1450 (ERROR_NO_SYSTEM_RESOURCES): kernel pool or commit charge
	 * refused to a CreateProcess or a mapping; app-formats.md counts it
	 * with 8 and 14 as a generic allocation failure. Its text has none of
	 * the scanner's anchors: seen where a line carries one of its own
	 * (Go's "fork/exec X: Insufficient system resources ..."). */
	R("windows-no-system-resources-text", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, 0, 1450, NULL, NULL,
	  "Insufficient system resources exist",
	  "Insufficient system resources exist to complete the requested service",
	  "fork/exec C:\\go\\pkg\\tool\\windows_amd64\\vet.exe: Insufficient system resources exist to complete the requested service."),
	/* The same texts in Chinese (errors 8 and 14). */
	R("windows-generic-alloc-text-l10n", "windows", K_ALLOC, APP_A_ATTACH, APP_G_NONE, 5, 3, 0, -1, NULL, NULL,
	  "\xe5\x86\x85\xe5\xad\x98\xe8\xb5\x84\xe6\xba\x90\xe4\xb8\x8d\xe8\xb6\xb3", /* 内存资源不足 */
	  "\xe5\x86\x85\xe5\xad\x98\xe8\xb5\x84\xe6\xba\x90\xe4\xb8\x8d\xe8\xb6\xb3\xef\xbc\x8c\xe6\x97\xa0\xe6\xb3\x95(?:\xe5\xa4\x84\xe7\x90\x86\xe6\xad\xa4\xe5\x91\xbd\xe4\xbb\xa4|\xe5\xae\x8c\xe6\x88\x90\xe6\xad\xa4\xe6\x93\x8d\xe4\xbd\x9c)",
	  "\xe5\x86\x85\xe5\xad\x98\xe8\xb5\x84\xe6\xba\x90\xe4\xb8\x8d\xe8\xb6\xb3\xef\xbc\x8c\xe6\x97\xa0\xe6\xb3\x95\xe5\xa4\x84\xe7\x90\x86\xe6\xad\xa4\xe5\x91\xbd\xe4\xbb\xa4\xe3\x80\x82"),

	/* A C program's (or OCaml's runtime's) own last words, the whole line:
	 * "Fatal error: out of memory" (foma, caml_fatal_error), often
	 * followed by perror's ": Cannot allocate memory". */
	R("generic-fatal-out-of-memory", "libc", K_RT, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI, -1, NULL, NULL,
	  "out of memory",
	  "(?i)^(?:(?<comm>[\\w.+-]+): )?(?:fatal error|fatal|error): out of memory[.!]?\\s*$",
	  "Fatal error: out of memory"),
	/* ArangoDB 1.x could not map a new journal or datafile (its own
	 * TRI_ERROR_OUT_OF_MEMORY_MMAP text, quoted after the file name). */
	R("arangodb-mmap-oom", "arangodb", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, 0, 12, "arangod", NULL,
	  "out of memory in mmap",
	  "(?:\\[(?<pid>\\d+)\\] [A-Z]+ )?cannot memory map file .{0,300}: 'out of memory in mmap'",
	  "2013-04-25T07:02:15Z [25500] ERROR cannot memory map file '//var/lib/arangodb/collection-103154248417/temp-103155624673.db': 'out of memory in mmap'"),
	/* ---- generic ENOMEM, last so every specific row wins ---- */
	/* A program's own "could not <verb> <object>: <strerror(ENOMEM)>", the
	 * error text ending the line, perhaps quoted (Perl's CPAN: "Couldn't
	 * untar X.tar: 'Cannot allocate memory'"; git: "could not lock config
	 * file X: Cannot allocate memory"). Not the words in a sentence, nor
 * mlock's ENOMEM ("Could not lock memory - continuing anyway: ..."), which
 * is RLIMIT_MEMLOCK, not a shortage. */
	R("generic-could-not-enomem", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI | APP_F_NOTAG, 12, NULL, NULL,
	  "cannot allocate memory",
	  "(?i)(?:^|(?<=[\\s:]))(?:couldn't|could not|can't|cannot|unable to|failed to) (?!allocate\\b|lock memory\\b)[a-z]+ [^:]{1,120}: ['\"]?cannot allocate memory['\"]?\\.?\\s*$",
	  "Couldn't untar CryptX-0.056.tar: 'Cannot allocate memory'"),
	/* A syscall's ENOMEM (see NOT_BACKGROUND and QUOTED_IN_PROSE). */
	R("generic-cannot-allocate-memory", "libc", K_ALLOC, APP_A_OPEN, APP_G_NONE, 0, 3, APP_F_CI, 12, NULL, NULL,
	  "cannot allocate memory",
	  "(?i)(?:" WB "-?" NOT_BACKGROUND "(?<comm>[\\w.+-]+)(?:\\[\\d+\\])?: (?:[\\w ]{1,24}: )?)?(?:^|(?<=[\\s:(\\[]))(?:fork|vfork|clone3?|exec(?:ve|vp|v|l|lp)?|posix_spawnp?|malloc|calloc|realloc|mmap2?|mremap|mlock(?:all)?|posix_memalign|memalign|aligned_alloc|valloc|pthread_create|shmget|brk|sbrk)(?:\\([^)]{0,80}\\))?(?: (?:call )?failed| error)?(?: to allocate (?<bytes>\\d+) bytes)?(?: with)?:? \\[?(?:\\(?errno(?: =)? ?12\\)?:? )?cannot allocate memory" QUOTED_IN_PROSE,
	  "dpkg: fork failed: Cannot allocate memory"),
};

const size_t app_rule_ndefs = sizeof(app_rule_defs) / sizeof(app_rule_defs[0]);

const char *app_runtime_comm(const char *runtime)
{
	static const char *const map[][2] = {
		{ "jvm", "java" }, { "node", "node" }, { "python", "python" }, { "go", "go" },
		{ "perl", "perl" }, { "php", "php" }, { "redis", "redis-server" },
		{ "postgres", "postgres" }, { "mysql", "mysqld" }, { "nginx", "nginx" },
	};
	size_t i;

	if (!runtime)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], runtime) == 0)
			return map[i][1];
	return NULL;
}
