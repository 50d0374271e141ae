// The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that Porthole writes.
// Fields starting with "_" are custom ones, which the format allows.

export interface HarNameValue {
  readonly name: string;
  readonly value: string;
}

export interface HarCookie extends HarNameValue {
  readonly path?: string;
  readonly domain?: string;
  readonly expires?: string;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
}

export interface HarPostData {
  readonly mimeType: string;
  readonly text: string;
  readonly encoding?: 'base64';
  readonly _truncated?: true;
  readonly comment?: string;
}

interface HarContent {
  readonly size: number;
  readonly compression?: number;
  readonly mimeType: string;
  readonly text?: string;
  readonly encoding?: 'base64';
  readonly _truncated?: true;
  readonly comment?: string;
}

export interface HarRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarCookie[];
  readonly headers: readonly HarNameValue[];
  readonly queryString: readonly HarNameValue[];
  readonly postData?: HarPostData;
  readonly headersSize: number;
  readonly bodySize: number;
}

export interface HarResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarCookie[];
  readonly headers: readonly HarNameValue[];
  readonly content: HarContent;
  readonly redirectURL: string;
  readonly headersSize: number;
  readonly bodySize: number;
  readonly comment?: string;
}

export interface HarTimings {
  readonly send: number;
  readonly wait: number;
  readonly receive: number;
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: HarRequest;
  readonly response: HarResponse;
  readonly cache: Record<string, never>;
  readonly timings: HarTimings;
  readonly serverIPAddress?: string;
  /** Porthole's connection number (the "#" column). */
  readonly _connection: number;
  /** Which program opened the connection, where Porthole could tell ("node, pid 812, …"). */
  readonly comment?: string;
}
