import { MAX_BODY_BYTES } from "../domain/check-in";
import { apiError } from "./problem";

/**
 * Reads a request's JSON body, refusing before it is parsed: another content type (415), a
 * body over the limit (413, checked on the declared length and again while reading, so a
 * chunked body cannot slip through), bytes that are not UTF-8, and text that is not JSON (400).
 */
export type BodyResult = { value: unknown; response?: undefined } | { value?: undefined; response: Response };

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const type = request.headers.get("content-type");
  if (type === null || !JSON_TYPE.test(type.trim())) {
    return {
      response: apiError(415, "unsupported_media_type", "The body must be JSON.", [
        { field: "Content-Type", problem: type === null ? "missing; send application/json" : `must be application/json (UTF-8), not ${JSON.stringify(type)}` },
      ]),
    };
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) return { response: tooLarge(maxBytes) };

  const bytes = await readCapped(request, maxBytes);
  if (bytes === "too-large") return { response: tooLarge(maxBytes) };
  if (bytes === "unreadable") return { response: apiError(400, "unreadable_body", "The body could not be read.", [{ field: "(body)", problem: "the request body ended abruptly" }]) };
  if (bytes.length === 0) return { response: apiError(400, "invalid_json", "The body is empty.", [{ field: "(body)", problem: "a JSON object is required" }]) };

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { response: apiError(400, "invalid_encoding", "The body is not UTF-8.", [{ field: "(body)", problem: "not valid UTF-8" }]) };
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { response: apiError(400, "invalid_json", "The body is not valid JSON.", [{ field: "(body)", problem: (error as Error).message }]) };
  }
}

function tooLarge(maxBytes: number): Response {
  return apiError(413, "body_too_large", `The body is larger than ${maxBytes} bytes.`, [{ field: "(body)", problem: `at most ${maxBytes} bytes` }]);
}

async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array | "too-large" | "unreadable"> {
  if (request.body === null) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    return "unreadable";
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
