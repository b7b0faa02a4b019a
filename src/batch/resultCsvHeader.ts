/** Header line of the CSV result file (its own module: the main thread needs it without the scorer). */
export const RESULT_CSV_HEADER = 'id,score,lane,lane_reason,reason_1,reason_2,reason_3\n';
