/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (UTC+8) → ISO-8601 UTC; undefined when not of that form. */
export const shanghaiTimeToIso = (text: string | null | undefined): string | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, (h as number) - 8, mi, s)).toISOString();
};
