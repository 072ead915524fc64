/** One JSON line per figure on stdout. */
export const emit = (figure: string, values: Record<string, unknown>): void => {
  console.log(JSON.stringify({ figure, ...values }));
};

export const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
