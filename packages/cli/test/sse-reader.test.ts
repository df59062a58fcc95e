import { describe, expect, it } from "vitest";
import { readServerSentEvents, type ServerSentEvent } from "../src/sse-reader";

/** A byte stream delivered in the given chunks, as a network would split it. */
const streamOf = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });

const collect = async (chunks: string[]) => {
  const out: ServerSentEvent[] = [];
  for await (const e of readServerSentEvents(streamOf(chunks))) out.push(e);
  return out;
};

describe("Server-Sent Events reader", () => {
  it("reads named events with ids, joining multi-line data and skipping comments", async () => {
    const events = await collect([
      ': keep-alive\n\nevent: wave\nid: 7\ndata: {"a":1,\ndata: "b":2}\n\n',
      "data: plain\n\n",
    ]);
    expect(events).toEqual([
      { event: "wave", id: "7", data: '{"a":1,\n"b":2}' },
      { event: "message", data: "plain" },
    ]);
  });

  it("reassembles events split anywhere across chunks, including inside CRLF", async () => {
    const text = "event: status\r\ndata: RUNNING\r\n\r\nevent: status\r\ndata: COMPLETED\r\n\r\n";
    const everyByte = text.split("");
    const atCr = [
      "event: status\r",
      "\ndata: RUNNING\r",
      "\n\r",
      "\nevent: status\r\ndata: COMPLETED\r\n\r\n",
    ];
    for (const chunks of [everyByte, atCr]) {
      expect(await collect(chunks)).toEqual([
        { event: "status", data: "RUNNING" },
        { event: "status", data: "COMPLETED" },
      ]);
    }
  });

  it("drops an event the stream cut off before its blank line", async () => {
    expect(await collect(["data: done\n\n", "data: half"])).toEqual([{ event: "message", data: "done" }]);
  });
});
