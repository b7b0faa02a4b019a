import { csvField } from './csvField.js';

/** What a reason cell shows: label, points and the lane a hard rule forces. */
export interface CellReason {
  readonly label: string;
  readonly points: number;
  readonly forcedLane?: string;
}

/** The text of a reason in CSV output: label and signed points, e.g. `ISF filed late (+20)`. */
export function reasonText(reason: CellReason): string {
  const points = reason.points > 0 ? `+${reason.points}` : String(reason.points);
  if (reason.forcedLane === undefined) return `${reason.label} (${points})`;
  // Hard rules usually force the lane with no points: then the lane is the whole story.
  return reason.points === 0 ? `${reason.label} (${reason.forcedLane} lane)` : `${reason.label} (${points}, ${reason.forcedLane} lane)`;
}

/** Labels remembered at most; past it, new labels are formatted every time (still correct, only slower). */
const MAX_LABELS = 4096;

/**
 * CSV cells of reasons, remembered per label: a rule's reason repeats the same label and points on
 * every record it fires on, and formatting and quoting it each time measured about a twentieth of a
 * batch's time.
 */
export class ReasonCells {
  readonly #byLabel = new Map<string, { readonly points: number; readonly forcedLane: string | undefined; readonly cell: string }>();

  /** The quoted cell of `reason`; empty for no reason. */
  cell(reason: CellReason | undefined): string {
    if (reason === undefined) return '';
    const known = this.#byLabel.get(reason.label);
    if (known !== undefined && known.points === reason.points && known.forcedLane === reason.forcedLane) return known.cell;
    const cell = csvField(reasonText(reason));
    if (known !== undefined || this.#byLabel.size < MAX_LABELS) this.#byLabel.set(reason.label, { points: reason.points, forcedLane: reason.forcedLane, cell });
    return cell;
  }
}
