// This file is generated from openapi/agent.yaml by `npm run gen`. Do not edit it.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description 200 while the agent runs; `draining` once SIGTERM started the shutdown.
         */
        get: operations["getAgentHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/infer/{app}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application to answer for. */
                app: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run one inference
         * @description Answered by the replica active for the application on this node. Inputs are checked against the model's signature: every input by name, its element type, and its shape (a named dimension takes any size). With `Understudy-Hedge: 1` an idle warm understudy answers too (the router's hedge of a request late on the primary).
         */
        post: operations["infer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask this agent whether it reaches another node
         * @description An indirect probe (as SWIM does it): the leading planner, having stopped hearing a node's direct heartbeats, asks other agents whether they reach it before it declares the node failed — so a planner cut off from one node does not fail over a node that still serves. This agent sends `GET /healthz` to `address` (a fresh connection every 15 ms until one answers) and reports what happened within `timeoutMs`: `reachable` (it answered), `refused` (its port is closed: the agent process is gone) or `unreachable` (no answer in time, or no route).
         */
        post: operations["probeNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the node holds
         * @description Loaded sessions with their measured memory and load time, the replica serving each application, staged files, the failover table's coverage and the plan version held.
         */
        get: operations["getAgentState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stream that stays open while the agent lives
         * @description A `text/event-stream` that carries only a `: ping` comment every second and never closes on its own. The planner holds one per agent to see a crash the moment the kernel closes the connection (it confirms with a TCP connect before acting). SIGTERM ends every stream so the drain can finish; while draining, a new stream is refused. Reads nothing from Redis.
         */
        get: operations["watchAgent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AgentHealth: {
            node: string;
            /** @enum {string} */
            status: "ok" | "draining";
            version?: string;
        };
        AgentState: {
            draining: boolean;
            failover: {
                /** @description Nodes whose failure this node's table covers. */
                failedNodes: string[];
                planVersion: number | null;
            };
            inFlightRequests: number;
            /** @description Sessions built since the agent started (a reload shows as a change). */
            loads: number;
            memory: {
                /** @description `--memory-mib`. */
                capacityMiB: number;
                /** @description Measured memory of the loaded sessions. */
                measuredMiB: number;
                /** @description Planned memory of the loaded sessions. */
                usedMiB: number;
            };
            node: string;
            /** @description The plan version applied; null before the first plan. */
            planVersion: number | null;
            sessions: components["schemas"]["HeldReplica"][];
            /** @description Files on local disk for cold understudies. */
            staged: {
                family: string;
                variant: string;
            }[];
        };
        /** @enum {string} */
        ElementType: "float32" | "float16" | "float64" | "int8" | "uint8" | "int32" | "int64" | "bool" | "string";
        FieldError: {
            /** @description What is wrong and what is allowed. */
            detail: string;
            /** @description JSON Pointer to the field, e.g. `/body/inputs/image/dims`. */
            pointer: string;
        };
        HeldReplica: {
            /** @description When it last became active, epoch ms. */
            activatedAtMs?: number;
            /** @description The failed node whose failover activated it. */
            activatedFor?: string;
            /** @description This replica answers the app's requests (the newest serving one). */
            active: boolean;
            app: string;
            family: string;
            /** Format: date-time */
            loadedAt: string;
            /** @description The same instant, epoch ms. */
            loadedAtMs?: number;
            /** @description Time to build the session, in ms. */
            loadMs: number;
            /** @description Resident memory the session added at load, in MiB. */
            measuredMiB: number;
            /** @description Planned memory, counted against the budget, in MiB. */
            memoryMiB: number;
            /** @enum {string} */
            role: "primary" | "understudy";
            serving: boolean;
            variant: string;
        };
        Id: string;
        InferRequest: {
            /** @description Every input of the model, by name. */
            inputs: {
                [key: string]: components["schemas"]["JsonTensor"];
            };
        };
        InferResponse: {
            app: string;
            family: string;
            /** @description The node that answered. */
            node: string;
            /** @description Every output of the model, by name. */
            outputs: {
                [key: string]: components["schemas"]["JsonTensor"];
            };
            /** @description The plan version the node holds. */
            planVersion: number | null;
            /** @enum {string} */
            role: "primary" | "understudy";
            /** @description The variant that answered. */
            variant: string;
        };
        JsonTensor: {
            /** @description Row-major elements: numbers, booleans for `bool`, strings for `string`; `int64` beyond ±2^53 as decimal strings. `float16` needs the binary form. */
            data: (number | string | boolean)[];
            dims: number[];
            type: components["schemas"]["ElementType"];
        };
        ProbeRequest: {
            /** @description The probed agent's `host:port`, as registered. */
            address: string;
            /** @description How long to wait for its answer. */
            timeoutMs: number;
        };
        ProbeResult: {
            /** @description Connections tried: a fresh one every 15 ms until one answers, so a lost packet on a lossy link does not make a live node unreachable. */
            attempts: number;
            /** @description How long the probe took. */
            elapsedMs: number;
            /** @enum {string} */
            result: "reachable" | "refused" | "unreachable";
        };
        /** @description An RFC 9457 problem document. */
        Problem: {
            /** @description A stable machine-readable code. */
            code: string;
            /** @description What went wrong this time. */
            detail?: string;
            /** @description Every field at fault, each with a JSON Pointer into the request. */
            errors?: components["schemas"]["FieldError"][];
            /** @description The request path. */
            instance?: string;
            /** @description The HTTP status. */
            status: number;
            /** @description A short, stable summary of the kind. */
            title: string;
            /** @description A URI naming the kind of problem. */
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The application answered for. */
        UnderstudyApp: string;
        /** @description The model family of the replica that answered. */
        UnderstudyFamily: string;
        /** @description `idle-understudy`: an idle warm understudy answered because the request was a hedge (`Understudy-Hedge: 1`). Absent on every other answer. */
        UnderstudyHedge: "idle-understudy";
        /** @description The node that answered. */
        UnderstudyNode: string;
        /** @description The plan version the node holds (empty before the first plan). */
        UnderstudyPlanVersion: string;
        /** @description The variant that answered. */
        UnderstudyVariant: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAgentHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentHealth"];
                };
            };
        };
    };
    infer: {
        parameters: {
            query?: never;
            header?: {
                /** @description `1`: this request is a hedge — the same request was sent to the application's primary and is late there. An idle warm understudy (loaded, not serving) then answers it instead of 409 `APP_NOT_ACTIVE`; its role stays `understudy` and the answer carries `Understudy-Hedge: idle-understudy`. It activates nothing. A cold understudy holds only a file and still answers 404 `APP_NOT_SERVED`. Where the application is served, the header changes nothing. */
                "Understudy-Hedge"?: "1";
            };
            path: {
                /** @description The application to answer for. */
                app: components["schemas"]["Id"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InferRequest"];
                "application/vnd.understudy.tensors": string;
            };
        };
        responses: {
            /** @description The outputs, in the form the request used. */
            200: {
                headers: {
                    "Understudy-App": components["headers"]["UnderstudyApp"];
                    "Understudy-Family": components["headers"]["UnderstudyFamily"];
                    "Understudy-Hedge": components["headers"]["UnderstudyHedge"];
                    "Understudy-Node": components["headers"]["UnderstudyNode"];
                    "Understudy-Plan-Version": components["headers"]["UnderstudyPlanVersion"];
                    "Understudy-Variant": components["headers"]["UnderstudyVariant"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InferResponse"];
                    "application/vnd.understudy.tensors": string;
                };
            };
            /** @description The body is not valid JSON or not a valid frame (`MALFORMED_BODY`, `VALIDATION_FAILED`), or an input is missing, unknown, of the wrong type or shape (`VALIDATION_FAILED`, one entry in `errors` per problem). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The application is not served on this node (`APP_NOT_SERVED`). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The application's replica here is an idle warm understudy (`APP_NOT_ACTIVE`); it serves once a failover activates it, or answers a request sent with `Understudy-Hedge: 1`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than `--body-limit` (`PAYLOAD_TOO_LARGE`). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Neither JSON nor a tensor frame (`UNSUPPORTED_MEDIA_TYPE`). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The inputs fit the signature but onnxruntime failed on them (`INFERENCE_FAILED`). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The agent is shutting down (`AGENT_DRAINING`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    probeNode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProbeRequest"];
            };
        };
        responses: {
            /** @description What the probe found. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProbeResult"];
                };
            };
            /** @description The request is malformed (`VALIDATION_FAILED`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgentState: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent's state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentState"];
                };
            };
        };
    };
    watchAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream; comments only. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The agent is draining (`AGENT_DRAINING`); no new stream is opened. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
