// Where a prompt reads keys and draws: the terminal in a run, in-memory streams in tests.

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}
