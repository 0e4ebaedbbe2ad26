// Reading a submitted form: a field's text, trimmed ('' when absent or a file).
export function formText(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
}
