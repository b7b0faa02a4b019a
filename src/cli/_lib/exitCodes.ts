/**
 * Exit codes of the `customs-risk` commands. The 64+ codes follow BSD sysexits(3), which shells and
 * schedulers already know.
 */
export const EXIT_CODES = {
  /** Everything worked: every row was scored, the pack is valid, … */
  ok: 0,
  /** A check found problems (`rules check`: the pack is invalid; `explain`: the record is invalid). */
  problems: 1,
  /** `score` finished, but some rows were rejected (they are in `--rejects`; the others were scored). */
  rejected: 3,
  /** Usage error: unknown command or flag, bad flag value, missing input file (EX_USAGE). */
  usage: 64,
  /** A file given as a whole is unusable: rule pack, model, mapping, ISF file, or unreadable input (EX_DATAERR). */
  dataError: 65,
  /** Internal error, including a failed integrity check (rows in ≠ scored + rejected) (EX_SOFTWARE). */
  software: 70,
  /** Reading or writing a file failed (disk full, permission denied) (EX_IOERR). */
  ioError: 74,
  /** Interrupted by SIGINT (128 + 2); temporary output files were removed. */
  interrupted: 130,
  /** Terminated by SIGTERM (128 + 15); temporary output files were removed. */
  terminated: 143,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
