// This file is generated from openapi/understudy.yaml by `npm run gen`. Do not edit it.

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
         * @description Answers 200 while the process runs; does not touch Redis.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description 200 when Redis answers within the readiness timeout, 503 otherwise.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List applications */
        get: operations["listApps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        /** Get an application */
        get: operations["getApp"];
        /**
         * Create or replace an application
         * @description The family, the primary variant and a pinned primary node must exist (422).
         */
        put: operations["putApp"];
        post?: never;
        /** Remove an application */
        delete: operations["deleteApp"];
        options?: never;
        head?: never;
        /**
         * Change some fields of an application
         * @description A JSON merge patch (RFC 7396); `null` removes an optional field.
         */
        patch: operations["patchApp"];
        trace?: never;
    };
    "/v1/apps/{appId}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run one inference on the node serving the application now
         * @description The body is forwarded unchanged to the agent serving the application (see
         *     `openapi/agent.yaml`, `POST /v1/infer/{app}`) and its answer — status, headers and
         *     body, including the agent's problem documents for bad inputs — is passed back.
         *     Inference is idempotent: when the serving node is gone (connection refused or reset)
         *     or answers that it does not serve the application, the router waits for the route to
         *     change (a failover) and sends again, for at most `--failover-wait-ms`. Bad inputs are
         *     never retried. A request later than the application's hedge delay (its recent p99 plus
         *     a margin) is also sent, within a budget, to its warm understudy; the first real answer
         *     is passed back (`Understudy-Hedged`) and the other copy aborted. No bearer token is
         *     needed: inference changes no cluster state.
         */
        post: operations["inferThroughRouter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{appId}/route": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        /** Where the application is served now */
        get: operations["getRoute"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the event history
         * @description Events in the order they happened. Pass the `next` cursor of one page as `since` to
         *     read on from there; a page with no events returns the same cursor.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List model families */
        get: operations["listFamilies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/families/{familyId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
            };
            cookie?: never;
        };
        /** Get a model family */
        get: operations["getFamily"];
        /**
         * Create or replace a model family
         * @description Refused with 409 when it would remove a variant an application uses.
         */
        put: operations["putFamily"];
        post?: never;
        /**
         * Remove a model family
         * @description Refused with 409 while an application uses the family.
         */
        delete: operations["deleteFamily"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/families/{familyId}/variants/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
                /** @description The variant's id within its family. */
                variantId: components["parameters"]["VariantId"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace one variant of an existing family
         * @description What `understudy profile --register` calls with the measured figures.
         */
        put: operations["putVariant"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/load-failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Variants nodes could not load or run
         * @description Each variant a node reported it could not load (`model.failed`) or that could not be loaded or answer as an understudy (`failover.failed`) for a fault of its file (not `MODEL_UNAVAILABLE`, a read the node retries), while its file is unchanged. The planner plans around them: no understudy or first step uses such a variant until its location or SHA-256 changes.
         */
        get: operations["listLoadFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List nodes */
        get: operations["listNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/nodes/{nodeId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                nodeId: components["parameters"]["NodeId"];
            };
            cookie?: never;
        };
        /** Get a node */
        get: operations["getNode"];
        /** Create or replace a node */
        put: operations["putNode"];
        post?: never;
        /**
         * Remove a node
         * @description Refused with 409 while an application is pinned to the node.
         */
        delete: operations["deleteNode"];
        options?: never;
        head?: never;
        /**
         * Change some fields of a node
         * @description A JSON merge patch (RFC 7396) of the node's writable fields.
         */
        patch: operations["patchNode"];
        trace?: never;
    };
    "/v1/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List plan versions */
        get: operations["listPlans"];
        put?: never;
        /**
         * Solve a new plan for the current cluster state
         * @description Starts a solve in the background and answers 202 with the solve's location. A plan
         *     that passes the independent checker is stored as the next version and announced by a
         *     `plan.published` event.
         */
        post: operations["solvePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans/{from}/diff/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The older plan version. */
                from: number;
                /** @description The newer plan version. */
                to: number;
            };
            cookie?: never;
        };
        /**
         * What changes between two plan versions
         * @description Content negotiation (`Accept`) picks JSON, Markdown or a self-contained HTML page with
         *     inline SVG charts; JSON when any is acceptable. Load-time estimates use the families in
         *     the current state.
         */
        get: operations["diffPlans"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The plan version. */
                version: components["parameters"]["PlanVersion"];
            };
            cookie?: never;
        };
        /** Get one plan version */
        get: operations["getPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest published plan */
        get: operations["getCurrentPlan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/plans/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Solve a modified copy of the current state without publishing
         * @description Applies the changes to a copy of the cluster state, solves it and answers the plan
         *     with its diff against the current plan; nothing is stored. Applications pinned to a
         *     removed node are unpinned in the copy, so the planner places them elsewhere.
         */
        post: operations["previewPlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/routes/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow route changes (server-sent events)
         * @description A `text/event-stream`: first one `route` event per application with its current
         *     route, then one per change. Each event's `data` is a `Route` in JSON and its `id` the
         *     route's `version`. Comments (`: ping`) keep idle connections open.
         */
        get: operations["streamRoutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/solves/{solveId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id `POST /v1/plans` returned. */
                solveId: string;
            };
            cookie?: never;
        };
        /** Follow a solve */
        get: operations["getSolve"];
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
        /** @description Where the agent's inference server listens, `host:port`. */
        AgentAddress: string;
        /** @description What every agent's event carries. */
        AgentEventData: {
            /** @description When it happened, epoch ms with sub-ms precision. */
            atMs: number;
            /** @description The node whose agent appended the event. */
            node: string;
        };
        App: {
            family: string;
            id: components["schemas"]["Id"];
            primaryNode?: string;
            primaryVariant: string;
            slo: components["schemas"]["Slo"];
            weight: number;
        };
        AppInput: {
            family: components["schemas"]["Id"];
            /** @description Pin the primary to this node; omitted lets the planner choose. */
            primaryNode?: components["schemas"]["Id"];
            primaryVariant: components["schemas"]["Id"];
            slo: components["schemas"]["Slo"];
            weight?: components["schemas"]["AppWeight"];
        };
        AppList: {
            items: components["schemas"]["App"][];
        };
        /** @description The return value of an `apply-plan` job; what the node actually holds. */
        ApplyPlanResult: {
            /** @description Models that could not be loaded or staged; the rest was applied. */
            failures: {
                app?: string;
                code: string;
                family?: string;
                message: string;
                variant?: string;
            }[];
            node: string;
            /** @enum {string} */
            outcome: "applied" | "unchanged" | "ignored-older";
            /** @description The version the node now holds. */
            planVersion: number;
            sessions: components["schemas"]["HeldSession"][];
            staged: components["schemas"]["ModelRef"][];
        };
        AppPatch: {
            family?: components["schemas"]["Id"];
            primaryNode?: components["schemas"]["Id"] | null;
            primaryVariant?: components["schemas"]["Id"];
            slo?: {
                maxLatencyMs?: components["schemas"]["MaxLatencyMs"] | null;
                maxRecoveryMs?: components["schemas"]["MaxRecoveryMs"];
                minAccuracy?: components["schemas"]["MinAccuracy"];
                requestRatePerSec?: components["schemas"]["RequestRatePerSec"] | null;
            };
            weight?: components["schemas"]["AppWeight"];
        };
        AppRecoveredData: {
            app: string;
            detectedAtMs: number;
            detectionMs: number;
            failedNode: string;
            faultAtMs: number;
            mode: components["schemas"]["UnderstudyMode"];
            /** @description Where the understudy serves. */
            node: string;
            /** @description From the fault to the understudy serving. */
            recoveryMs: number;
            servedAtMs: number;
            step: components["schemas"]["FailoverStep"];
            /** @description The `node.failed` event's cursor. */
            trigger: string;
            variant: string;
        };
        AppRecoveredEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["AppRecoveredData"];
            /** @constant */
            type: "app.recovered";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "app.recovered";
        };
        /**
         * @description How much this application counts against others (criticality).
         * @default 1
         */
        AppWeight: number;
        Assignment: {
            /** @description expectedAccuracy divided by the primary's accuracy (1 = nothing lost on failover); null when unprotected. */
            accuracyRetained?: number | null;
            app: string;
            /** @description Accuracy once the planned understudy serves; null when unprotected. */
            expectedAccuracy: number | null;
            /** @description Estimated recovery time on failover, ms; null when unprotected. */
            expectedRecoveryMs: number | null;
            primary: {
                node: string;
                variant: string;
            };
            /** @description The failover replica; `null` when the application is unprotected. */
            understudy: null | {
                /** @description Cold only; the small variant progressive failover loads first. */
                firstStepVariant?: string;
                mode: components["schemas"]["UnderstudyMode"];
                node: string;
                variant: string;
            };
        };
        /** @description What every status change the controller decides carries. */
        ControllerNodeData: {
            /** @description When the controller decided, epoch ms. */
            detectedAtMs: number;
            /** @description The incarnation judged (`node.failed`, `node.suspected`), or the new one a re-admission (`node.recovered` from `down`) starts. */
            epoch: components["schemas"]["NodeEpoch"];
            node: string;
        };
        /** @description What a decision on a silent node rested on: how unlikely its silence was given the intervals of its direct heartbeats (φ accrual), and what the probes found — the leader's own (`via: planner`) and the indirect ones it asked other agents for. A node is declared failed only when no probe reached it; when one did, it is only suspected (the planner is cut off from it, the node still serves). */
        DetectionEvidence: {
            meanIntervalMs: number;
            /** @description φ when decided: −log10 of the chance of a later beat. */
            phi: number;
            probes: components["schemas"]["ProbeEvidence"][];
            /** @description Since its last direct heartbeat arrived. */
            silentMs: number;
            stdDevMs: number;
        };
        /**
         * @description An operator's request to move work off this node.
         * @default false
         */
        Draining: boolean;
        /** @enum {string} */
        ElementType: "float32" | "float16" | "float64" | "int8" | "uint8" | "int32" | "int64" | "bool" | "string";
        /** @description One entry of the event history. `type` says which, and `data` has that type's fields. */
        Event: components["schemas"]["NodeRegisteredEvent"] | components["schemas"]["NodeDeregisteredEvent"] | components["schemas"]["NodeSuspectedEvent"] | components["schemas"]["NodeFailedEvent"] | components["schemas"]["NodeRecoveredEvent"] | components["schemas"]["NodeFencedEvent"] | components["schemas"]["AppRecoveredEvent"] | components["schemas"]["FailoverStartedEvent"] | components["schemas"]["FailoverServedEvent"] | components["schemas"]["FailoverUpgradedEvent"] | components["schemas"]["FailoverFailedEvent"] | components["schemas"]["ModelFailedEvent"] | components["schemas"]["PlanPublishedEvent"] | components["schemas"]["PlanAppliedEvent"] | components["schemas"]["PlanRejectedEvent"] | components["schemas"]["PlanFailedEvent"] | components["schemas"]["ResourceChangedEvent"];
        EventEnvelope: {
            /**
             * Format: date-time
             * @description When it happened (ms precision).
             */
            at: string;
            /** @description The same instant as epoch milliseconds. */
            atMs?: number;
            /** @description The event's cursor. */
            id: string;
            type: components["schemas"]["EventType"];
        };
        EventPage: {
            items: components["schemas"]["Event"][];
            /** @description Pass as `since` to read on. */
            next: string;
        };
        /**
         * @description Agents append `node.registered`, `node.deregistered` (drained on SIGTERM), `plan.applied`, `plan.rejected` (refused: nothing changed), `plan.failed` (an attempt failed; `willRetry` says whether BullMQ retries it), `model.failed` (one model could not be staged or loaded; the rest was applied), and `failover.started`, `failover.served`, `failover.upgraded`, `failover.failed` with the serving `node`, `failedNode`, `app`, `variant`, `mode` and `atMs` (epoch ms with sub-ms precision); a node that learns it was declared failed while it was alive (stopped, cut off) releases its sessions and appends `node.fenced`. The leading planner appends `node.suspected`, `node.failed`, `node.recovered`, one `app.recovered` per application of a failed node once its understudy serves (`recoveryMs` from the fault, `faultAtMs`, `servedAtMs`, `node`, `variant`, `mode`), and `plan.published` with a `reason`: `requested`, `failover` (re-protection without the failed `node`) or `fail-back` (the re-admitted `node` returns).
         * @enum {string}
         */
        EventType: "node.registered" | "node.deregistered" | "node.suspected" | "node.failed" | "node.recovered" | "node.fenced" | "app.recovered" | "failover.started" | "failover.served" | "failover.upgraded" | "failover.failed" | "model.failed" | "plan.published" | "plan.applied" | "plan.rejected" | "plan.failed" | "resource.changed";
        FailoverAction: {
            app: components["schemas"]["Id"];
            /** @description Cold only; the small variant progressive failover serves first. */
            firstStep?: components["schemas"]["ModelRef"];
            mode: components["schemas"]["UnderstudyMode"];
            /** @description The planned understudy variant. */
            model: components["schemas"]["ModelRef"];
        };
        FailoverData: components["schemas"]["AgentEventData"] & {
            app: string;
            /** @description The plan the failure event named. */
            eventPlanVersion?: number;
            failedNode: string;
            /** @description Why the planned mode was not used. */
            fallback?: string;
            family: string;
            loadMs?: number;
            mode: components["schemas"]["UnderstudyMode"];
            note?: string;
            plannedVariant: string;
            /** @description The plan whose failover table was used. */
            planVersion?: number;
            step: components["schemas"]["FailoverStep"];
            /** @description The `node.failed` event's cursor. */
            trigger: string;
            /** @description The variant this step concerns. */
            variant: string;
        };
        /** @description What this node does when `failedNode` (or its whole domain) fails. */
        FailoverEntry: {
            actions: components["schemas"]["FailoverAction"][];
            failedNode: components["schemas"]["Id"];
        };
        FailoverFailedData: components["schemas"]["FailoverData"] & {
            code: string;
            message: string;
            /** @description The variant still serving the app, if any. */
            serving?: string;
        };
        FailoverFailedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["FailoverFailedData"];
            /** @constant */
            type: "failover.failed";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "failover.failed";
        };
        FailoverServedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["FailoverData"];
            /** @constant */
            type: "failover.served";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "failover.served";
        };
        FailoverStartedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["FailoverData"];
            /** @constant */
            type: "failover.started";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "failover.started";
        };
        /**
         * @description `warm`: a loaded understudy activated; `planned`: the planned variant loaded cold; `first-step`: the progressive first (smaller) variant loaded cold; `upgrade`: the planned variant swapped in after the first step.
         * @enum {string}
         */
        FailoverStep: "warm" | "first-step" | "planned" | "upgrade";
        FailoverUpgradedData: components["schemas"]["FailoverData"] & {
            /** @description The first step's variant, now released. */
            from: string;
        };
        FailoverUpgradedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["FailoverUpgradedData"];
            /** @constant */
            type: "failover.upgraded";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "failover.upgraded";
        };
        /**
         * @description The failure domain (rack, power feed) the node shares with others.
         * @default default
         */
        FailureDomain: string;
        Family: {
            description?: string;
            id: components["schemas"]["Id"];
            probeInput?: components["schemas"]["ProbeInput"];
            signature?: components["schemas"]["Signature"];
            task: string;
            variants: components["schemas"]["Variant"][];
        };
        FamilyInput: {
            description?: string;
            probeInput?: components["schemas"]["ProbeInput"];
            /** @description The family's one signature: what clients send and get back, whichever variant answers. Default: the first variant's that has one (under its `tensorNames`). */
            signature?: components["schemas"]["Signature"];
            /** @description What the family does, e.g. `image-classification`. */
            task: string;
            variants: components["schemas"]["Variant"][];
        };
        FamilyList: {
            items: components["schemas"]["Family"][];
        };
        FieldError: {
            /** @description What is wrong and what is allowed. */
            detail: string;
            /** @description JSON Pointer to the field, prefixed by where it is (`/body/...`, `/query/...`, `/path/...`, `/headers/...`). */
            pointer: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            version?: string;
        };
        HeldSession: {
            app: string;
            family: string;
            /** @description Measured load time, in ms. */
            loadMs: number;
            /** @description Measured resident memory the session added, in MiB. */
            memoryMiB: number;
            /** @enum {string} */
            role: "primary" | "understudy";
            serving: boolean;
            variant: string;
        };
        /** @description Lower-case letters, digits, `.`, `_` and `-`; starts with a letter or digit. */
        Id: string;
        /** @description Free-form operator labels. */
        Labels: {
            [key: string]: string;
        };
        LatencyMs: {
            /** @description Median inference latency at batch 1, in ms. */
            p50: number;
            /** @description 95th percentile, in ms. */
            p95?: number;
            /** @description 99th percentile, in ms. */
            p99: number;
        };
        LoadFailure: {
            /** @description When the node reported it, epoch ms. */
            atMs: number;
            /** @description The error code, e.g. MODEL_INVALID, SIGNATURE_MISMATCH. */
            code: string;
            family: string;
            /** @description The file it failed with. */
            location: string;
            message: string;
            node: string;
            sha256?: string;
            variant: string;
        };
        LoadFailureList: {
            items: components["schemas"]["LoadFailure"][];
        };
        /** @description Longest acceptable inference latency (p99), in ms. */
        MaxLatencyMs: number;
        /** @description Longest acceptable time from a failure to the first answer, in ms. */
        MaxRecoveryMs: number;
        /** @description Lowest acceptable accuracy of the understudy, as a fraction. */
        MinAccuracy: number;
        ModelFailedData: components["schemas"]["AgentEventData"] & {
            app?: string;
            code: string;
            family?: string;
            message: string;
            planVersion: number;
            variant?: string;
        };
        ModelFailedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["ModelFailedData"];
            /** @constant */
            type: "model.failed";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "model.failed";
        };
        /** @description One ONNX file of one variant, as an agent needs it to load or stage. */
        ModelRef: {
            family: components["schemas"]["Id"];
            /** @description Local path or operator-provided URL of the file. */
            location: string;
            /** @description Planned resident memory, in MiB. */
            memoryMiB: number;
            probeInput?: components["schemas"]["ProbeInput"];
            sha256?: string;
            /** @description The family's signature: the agent refuses a file whose session does not keep it (under `tensorNames`) and serves the app under the family's names. */
            signature?: components["schemas"]["Signature"];
            tensorNames?: components["schemas"]["TensorNames"];
            variant: components["schemas"]["Id"];
        };
        Node: {
            address?: string;
            domain: string;
            draining: boolean;
            epoch?: components["schemas"]["NodeEpoch"];
            id: components["schemas"]["Id"];
            labels: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description When the node's agent last reported, if ever.
             */
            lastHeartbeatAt?: string;
            /** @description Memory available for models, in MiB. */
            memoryMiB: number;
            status: components["schemas"]["NodeStatus"];
        };
        NodeDeregisteredData: components["schemas"]["AgentEventData"] & {
            /** @description Why the agent left (e.g. `SIGTERM`). */
            reason: string;
        };
        NodeDeregisteredEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeDeregisteredData"];
            /** @constant */
            type: "node.deregistered";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.deregistered";
        };
        /** @description A node's incarnation: moved on by every registration of a live node and every re-admission of a failed one. A decision names the incarnation it judged, so a notice about an earlier process never acts on a later one. */
        NodeEpoch: number;
        NodeFailedData: components["schemas"]["ControllerNodeData"] & {
            cause: components["schemas"]["NodeFailureCause"];
            /** @description When the closed port was confirmed. */
            confirmedAtMs?: number;
            /** @description When the connection dropped (the fault). */
            droppedAtMs?: number;
            evidence?: components["schemas"]["DetectionEvidence"];
            /** @description The last heartbeat before the silence. */
            lastHeartbeatMs?: number;
            /** @description The plan whose failover tables the agents should act on. */
            planVersion?: number;
            /** @description Why a deregistered agent left. */
            reason?: string;
        };
        NodeFailedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeFailedData"];
            /** @constant */
            type: "node.failed";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.failed";
        };
        /**
         * @description How the failure was seen: the agent's connection dropped and its port stayed closed, its heartbeats stopped, or it left on purpose (SIGTERM).
         * @enum {string}
         */
        NodeFailureCause: "process-exited" | "heartbeat-timeout" | "deregistered";
        NodeFencedData: components["schemas"]["AgentEventData"] & {
            /** @description The failed incarnation whose fence this acknowledges. */
            epoch: components["schemas"]["NodeEpoch"];
            /** @description The plan it held. */
            planVersion: number | null;
            /** @description Sessions released. */
            released: number;
        };
        NodeFencedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeFencedData"];
            /** @constant */
            type: "node.fenced";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.fenced";
        };
        NodeInput: {
            address?: components["schemas"]["AgentAddress"];
            domain?: components["schemas"]["FailureDomain"];
            draining?: components["schemas"]["Draining"];
            labels?: components["schemas"]["Labels"];
            memoryMiB: components["schemas"]["NodeMemoryMiB"];
        };
        NodeList: {
            items: components["schemas"]["Node"][];
        };
        NodeMemory: {
            capacityMiB: number;
            node: string;
            /** @description Memory on this node while another node (or domain) is down, for every scenario that loads cold understudies here; any scenario not listed leaves the node at steadyMiB. */
            scenarios: {
                /** @description The failed node's or domain's id. */
                failed: string;
                /** @description Peak memory during failover, progressive first steps included. */
                memoryMiB: number;
                /** @description The part of memoryMiB held by progressive first steps, resident only until the planned variant has loaded and taken over. */
                transientMiB: number;
            }[];
            /** @description Primaries plus warm understudies. */
            steadyMiB: number;
            /** @description The most this node holds in any scenario. */
            worstCaseMiB: number;
        };
        /** @description Memory available for models, in MiB. */
        NodeMemoryMiB: number;
        NodePatch: {
            address?: components["schemas"]["AgentAddress"];
            domain?: components["schemas"]["FailureDomain"];
            draining?: components["schemas"]["Draining"];
            labels?: components["schemas"]["Labels"];
            memoryMiB?: components["schemas"]["NodeMemoryMiB"];
        };
        /** @description The data of an `apply-plan` job on the node's own queue. */
        NodePlanSlice: {
            /** Format: date-time */
            createdAt: string;
            failover: components["schemas"]["FailoverEntry"][];
            node: components["schemas"]["Id"];
            planVersion: number;
            /** @description Models to hold loaded (primaries and warm understudies). */
            sessions: components["schemas"]["SessionSpec"][];
            /** @description Files to keep on local disk for cold understudies. */
            stage: components["schemas"]["ModelRef"][];
        };
        NodeRecoveredData: components["schemas"]["ControllerNodeData"] & {
            /**
             * @description `down`: re-admitted after its hold-down; `suspect`: beat again in time.
             * @enum {string}
             */
            from: "suspect" | "down";
            /** @description How long it beat steadily before re-admission. */
            steadyForMs?: number;
        };
        NodeRecoveredEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeRecoveredData"];
            /** @constant */
            type: "node.recovered";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.recovered";
        };
        NodeRegisteredData: components["schemas"]["AgentEventData"] & {
            address: string;
            /** @description The domain the agent named, if any. */
            domain: string | null;
            /** @description The incarnation this start begins (`up`), or the failed one it stays fenced in (`down`) until re-admitted. */
            epoch: components["schemas"]["NodeEpoch"];
            memoryMiB: number;
            status: components["schemas"]["NodeStatus"];
        };
        NodeRegisteredEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeRegisteredData"];
            /** @constant */
            type: "node.registered";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.registered";
        };
        /**
         * @description Set by the controller from heartbeats; `draining` can be set by operators.
         * @enum {string}
         */
        NodeStatus: "up" | "suspect" | "down" | "draining";
        NodeSuspectedData: components["schemas"]["ControllerNodeData"] & {
            evidence?: components["schemas"]["DetectionEvidence"];
            lastHeartbeatMs?: number;
        };
        NodeSuspectedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["NodeSuspectedData"];
            /** @constant */
            type: "node.suspected";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "node.suspected";
        };
        ObjectiveWeights: {
            /**
             * @description λ, how much a recovery of `maxRecoveryMs` costs against full accuracy.
             * @default 0.1
             */
            recoveryWeight?: number;
            /**
             * @description M, the cost of leaving one unit of application weight unprotected.
             * @default 1000
             */
            unprotectedPenalty?: number;
        };
        Plan: {
            /** @description One per application whose primary runs; an application whose planner-placed primary fits nowhere has none and is listed in unprotected as primary-not-placed. */
            assignments: components["schemas"]["Assignment"][];
            /** Format: date-time */
            createdAt: string;
            /** @description SHA-256 of the planning problem. */
            inputsDigest: string;
            nodes: components["schemas"]["NodeMemory"][];
            protection: components["schemas"]["ProtectionLevel"];
            solver: components["schemas"]["SolverReport"];
            unprotected: components["schemas"]["Unprotected"][];
            /** @description 0 for a plan not (yet) published. */
            version: number;
        };
        PlanAppliedData: components["schemas"]["AgentEventData"] & {
            failures: number;
            /** @enum {string} */
            outcome: "applied" | "unchanged" | "ignored-older";
            planVersion: number;
            sessions: number;
            staged: number;
        };
        PlanAppliedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["PlanAppliedData"];
            /** @constant */
            type: "plan.applied";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "plan.applied";
        };
        PlanAttemptData: components["schemas"]["AgentEventData"] & {
            attempt: number;
            attempts: number;
            code: string;
            errors: components["schemas"]["FieldError"][];
            jobId?: string;
            message: string;
            /** @description The version the job carried (as sent, even if invalid). */
            planVersion?: unknown;
            willRetry: boolean;
        };
        /** @description The planner's checker refused a solved plan; it was never published. */
        PlanCheckRejectionData: {
            solve: string;
            violations: string[];
        };
        /**
         * @description What changes between two plans, and what the change costs. Applications and nodes
         *     that are alike in both plans are left out, so identical plans give `empty: true` and
         *     empty lists. Accuracy on failover of an unprotected application counts as 0.
         */
        PlanDiff: {
            accuracy: components["schemas"]["PlanDiffAccuracy"];
            /** @description Every application that changes, by id. */
            apps: components["schemas"]["PlanDiffApp"][];
            /** @description True when the two plans are alike. */
            empty: boolean;
            /** @description The older plan's version; 0 for none. */
            from: number;
            /** @description Every node whose memory figures change, by id. */
            nodes: components["schemas"]["PlanDiffNode"][];
            protection: components["schemas"]["PlanDiffProtection"];
            recovery: components["schemas"]["PlanDiffRecovery"];
            /** @description The diff in one line, for chat and logs. */
            summary: string;
            /** @description The newer plan's version; 0 if unpublished. */
            to: number;
            transition: components["schemas"]["PlanTransition"];
        };
        /**
         * @description Mean accuracy on failover over each plan's applications, weighted by application
         *     weight; an unprotected application counts as 0. Null for a plan without applications.
         */
        PlanDiffAccuracy: {
            /** @description After minus before, as a fraction. */
            delta: number | null;
            weightedAfter: number | null;
            weightedBefore: number | null;
            /** @description False when application weights were not at hand and every one counted 1. */
            weightsKnown: boolean;
        };
        PlanDiffApp: {
            /**
             * @description Accuracy on failover after minus before, as a fraction (unprotected = 0); 0 for an
             *     application in only one plan.
             */
            accuracyDelta: number;
            /** @description The assignment in the newer plan; null when the application is gone. */
            after: null | components["schemas"]["Assignment"];
            app: string;
            /** @description The assignment in the older plan; null when the application is new. */
            before: null | components["schemas"]["Assignment"];
            changes: components["schemas"]["PlanDiffAppChange"][];
            /** @description Expected recovery after minus before, in ms; null unless protected in both. */
            recoveryDeltaMs: number | null;
            /** @description Why the application is unprotected in the newer plan, when it is. */
            unprotected?: components["schemas"]["Unprotected"];
        };
        /** @enum {string} */
        PlanDiffAppChange: "added" | "removed" | "primary-moved" | "primary-variant-changed" | "newly-protected" | "newly-unprotected" | "understudy-moved" | "understudy-variant-changed" | "understudy-mode-changed" | "first-step-changed" | "unprotected-reason-changed" | "estimates-changed";
        /**
         * @description The `diff` a `plan.published` event carries: a plan diff from the predecessor, cut to
         *     counts and short lists so the history reads as a sequence of reports. The full diff is
         *     at `GET /v1/plans/{from}/diff/{version}`.
         */
        PlanDiffDigest: {
            /** @description Weighted, as a fraction. */
            accuracyDelta: number | null;
            appsChanged: number;
            empty: boolean;
            estimatedMs: number | null;
            /** @description The predecessor's version; 0 for none. */
            from: number;
            loads: number;
            newlyProtected: string[];
            newlyUnprotected: string[];
            primariesMoved: string[];
            recoveryDeltaMs: number | null;
            stages: number;
            summary: string;
            /** @description True when a list was cut short. */
            truncated: boolean;
            unloads: number;
            unstages: number;
        };
        PlanDiffNode: {
            /** @description Null when the node is not in the newer plan. */
            after: null | components["schemas"]["PlanDiffNodeMemory"];
            /** @description Null when the node is not in the older plan. */
            before: null | components["schemas"]["PlanDiffNodeMemory"];
            node: string;
            /** @description A missing side counts as 0 MiB. */
            steadyDeltaMiB: number;
            /** @description A missing side counts as 0 MiB. */
            worstCaseDeltaMiB: number;
        };
        PlanDiffNodeMemory: {
            capacityMiB: number;
            steadyMiB: number;
            worstCaseMiB: number;
            /** @description The failure (node or domain id) behind `worstCaseMiB`; null if none. */
            worstFailure: string | null;
        };
        PlanDiffProtection: {
            newlyProtected: string[];
            /** @description Protected (or absent) before, unprotected after. */
            newlyUnprotected: string[];
            protectedAfter: number;
            protectedBefore: number;
            unprotectedAfter: number;
            unprotectedBefore: number;
        };
        /** @description Mean expected recovery over the protected applications of each plan, in ms. */
        PlanDiffRecovery: {
            deltaMs: number | null;
            meanAfterMs: number | null;
            meanBeforeMs: number | null;
        };
        PlanFailedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["PlanAttemptData"];
            /** @constant */
            type: "plan.failed";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "plan.failed";
        };
        /** @description Everything the solver needs, as one self-contained document. */
        PlanningProblem: {
            apps: {
                family: components["schemas"]["Id"];
                id: components["schemas"]["Id"];
                primaryNode?: components["schemas"]["Id"];
                primaryVariant: components["schemas"]["Id"];
                slo: components["schemas"]["Slo"];
                /** @default 1 */
                weight?: number;
            }[];
            /**
             * @description Expected failure-detection time, part of every recovery estimate.
             * @default 30
             */
            detectionMs?: number;
            families: {
                id: components["schemas"]["Id"];
                variants: {
                    accuracy: number;
                    /** @description Why the variant is known not to load or answer (a node reported it): it is never chosen as an understudy or first step. */
                    failedToLoad?: string;
                    id: components["schemas"]["Id"];
                    latencyMs?: components["schemas"]["LatencyMs"];
                    loadMs: number;
                    memoryMiB: number;
                }[];
            }[];
            nodes: {
                /** @default default */
                domain?: string;
                id: components["schemas"]["Id"];
                memoryMiB: number;
            }[];
            objective?: components["schemas"]["ObjectiveWeights"];
            protection?: components["schemas"]["ProtectionLevel"];
            timeLimitMs?: components["schemas"]["TimeLimitMs"];
        };
        PlanPreview: {
            /** @description From the current plan (version 0 when none is published) to `plan`. */
            diff: components["schemas"]["PlanDiff"];
            /** @description The plan a solve would publish now (version 0, not stored). */
            plan: components["schemas"]["Plan"];
        };
        PlanPublishedData: {
            diff: components["schemas"]["PlanDiffDigest"];
            node?: string;
            protectedApps: number;
            /**
             * @description `requested` by an operator; `failover`: re-protection without the failed `node`; `fail-back`: the re-admitted `node` returns; `load-failure`: `node` could not load or run a variant, which is planned around from then on.
             * @enum {string}
             */
            reason: "requested" | "failover" | "fail-back" | "load-failure";
            solve: string;
            solver: components["schemas"]["SolverReport"];
            /** @description The cursor of the event that caused the solve. */
            trigger?: string;
            unprotectedApps: number;
            version: number;
        };
        PlanPublishedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["PlanPublishedData"];
            /** @constant */
            type: "plan.published";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "plan.published";
        };
        PlanRejectedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["PlanAttemptData"] | components["schemas"]["PlanCheckRejectionData"];
            /** @constant */
            type: "plan.rejected";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "plan.rejected";
        };
        PlanSummary: {
            /** Format: date-time */
            createdAt: string;
            inputsDigest: string;
            objective?: number;
            protectedApps: number;
            unprotectedApps: number;
            version: number;
        };
        PlanSummaryList: {
            items: components["schemas"]["PlanSummary"][];
        };
        /**
         * @description How node agents get from the older plan to the newer one, phase by phase. New
         *     primaries load before old ones unload, so every application keeps serving. The
         *     estimate assumes nodes work in parallel, a node loads one model at a time, phases run
         *     one after another, and unloading, re-tagging and staging local files cost nothing.
         */
        PlanTransition: {
            /** @description Estimated time of the whole transition; null when a load time is unknown. */
            estimatedMs: number | null;
            loads: number;
            /** @description The phases that have steps, in order. */
            phases: components["schemas"]["PlanTransitionPhase"][];
            retags: number;
            stages: number;
            /** @description Loads whose variant figures were not at hand. */
            unknownLoadTimes: number;
            unloads: number;
            unstages: number;
        };
        PlanTransitionPhase: {
            /** @description The busiest node's load time in this phase; null when one is unknown. */
            estimatedMs: number | null;
            phase: components["schemas"]["PlanTransitionPhaseName"];
            steps: components["schemas"]["PlanTransitionStep"][];
        };
        /** @enum {string} */
        PlanTransitionPhaseName: "stage-files" | "release-understudies" | "load-primaries" | "release-primaries" | "load-understudies" | "unstage-files";
        PlanTransitionStep: {
            /**
             * @description `load`/`unload` a session; `retag` keeps a loaded session and changes its role;
             *     `stage`/`unstage` a cold understudy's file on the node's disk.
             * @enum {string}
             */
            action: "load" | "unload" | "retag" | "stage" | "unstage";
            /** @description The application a session serves. */
            app?: string;
            /** @description The applications whose cold understudy uses a staged file. */
            apps?: string[];
            /** @description Set when the family figures were at hand. */
            family?: string;
            /** @description The cold load time, in ms, when known. */
            loadMs?: number;
            node: string;
            /**
             * @description The session's (new) role.
             * @enum {string}
             */
            role?: "primary" | "understudy";
            variant: string;
        };
        /**
         * @description Changes applied to a copy of the current state before solving; nothing is stored and
         *     no plan is published. Ids in `removeNodes`, `patchApps` and `removeApps` must exist.
         */
        PreviewRequest: {
            /** @description JSON merge patches (RFC 7396) of existing applications, e.g. a new SLO. */
            patchApps?: {
                id: components["schemas"]["Id"];
                patch: components["schemas"]["AppPatch"];
            }[];
            removeApps?: components["schemas"]["Id"][];
            /** @description Nodes to plan without, as if they had failed or been taken away. */
            removeNodes?: components["schemas"]["Id"][];
            solve?: components["schemas"]["SolveRequest"];
            /** @description Applications to add, or to replace, in the copy. */
            upsertApps?: {
                app: components["schemas"]["AppInput"];
                id: components["schemas"]["Id"];
            }[];
            /** @description Nodes to add, or to replace, in the copy. */
            upsertNodes?: {
                id: components["schemas"]["Id"];
                node: components["schemas"]["NodeInput"];
            }[];
        };
        ProbeEvidence: {
            /** @description Connections the probe tried. */
            attempts?: number;
            elapsedMs: number;
            /**
             * @description `no-answer`: the probing agent itself did not answer in time.
             * @enum {string}
             */
            result: "reachable" | "refused" | "unreachable" | "no-answer";
            /** @description `planner`, or the node whose agent probed. */
            via: string;
        };
        /** @description The input an understudy must answer before a failover reports it serving, in the family's names (as `POST /v1/infer/{app}` takes it). Default: zeros of the signature's shapes, dynamic dimensions 1 — give one when zeros are not a valid input (a shape or sizes among the inputs). */
        ProbeInput: {
            inputs: {
                [key: string]: {
                    data: (number | string | boolean)[];
                    dims: number[];
                    type: components["schemas"]["ElementType"];
                };
            };
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
        /**
         * @description Survive any one node failing, or any one failure domain failing.
         * @enum {string}
         */
        ProtectionLevel: "node" | "domain";
        /** @description Expected request rate, in requests per second. */
        RequestRatePerSec: number;
        ResourceChangedData: {
            deleted: boolean;
            id: string;
            /** @enum {string} */
            kind: "node" | "family" | "app";
            revision: string;
        };
        ResourceChangedEvent: components["schemas"]["EventEnvelope"] & {
            data: components["schemas"]["ResourceChangedData"];
            /** @constant */
            type: "resource.changed";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "resource.changed";
        };
        /** @description Where an application is served. `serving`: send inference to `address`. `pending`: the node named failed and the understudy has not reported ready yet. `unavailable`: the node failed to load the variant (`reason` says why) and nothing else serves it. */
        Route: {
            /** @description The agent's inference server, `host:port`; empty when unknown. */
            address: string;
            app: components["schemas"]["Id"];
            node: components["schemas"]["Id"];
            /** @description The plan the route derives from. */
            planVersion: number;
            /** @description Why the route is `unavailable`, e.g. the load failure's code and message. */
            reason?: string;
            /** @enum {string} */
            role: "primary" | "understudy";
            /** @enum {string} */
            state: "serving" | "pending" | "unavailable";
            /** @description The variant answering. */
            variant: string;
            /** @description The router's change counter at this route's last change. */
            version: number;
        };
        /** @description A model the node must hold loaded for one application. */
        SessionSpec: {
            app: components["schemas"]["Id"];
            model: components["schemas"]["ModelRef"];
            /** @enum {string} */
            role: "primary" | "understudy";
            /** @description True for primaries; a warm understudy is loaded but idle until failover. */
            serving: boolean;
        };
        Signature: {
            inputs: components["schemas"]["TensorSpec"][];
            outputs: components["schemas"]["TensorSpec"][];
        };
        Slo: {
            maxLatencyMs?: components["schemas"]["MaxLatencyMs"];
            maxRecoveryMs: components["schemas"]["MaxRecoveryMs"];
            minAccuracy: components["schemas"]["MinAccuracy"];
            requestRatePerSec?: components["schemas"]["RequestRatePerSec"];
        };
        Solve: {
            /** Format: date-time */
            createdAt: string;
            /** @description Why the solve was rejected or failed. */
            detail?: string;
            id: string;
            /** @description Set once the plan is published. */
            planVersion?: number;
            /** @enum {string} */
            status: "queued" | "solving" | "published" | "rejected" | "failed";
        };
        SolveRequest: {
            objective?: components["schemas"]["ObjectiveWeights"];
            protection?: components["schemas"]["ProtectionLevel"];
            timeLimitMs?: components["schemas"]["TimeLimitMs"];
        };
        SolverReport: {
            /** @description An upper bound on the objective (LP or Lagrangian). */
            bestBound: number;
            /**
             * @description Where bestBound comes from: the Lagrangian dual of the memory rows, the LP relaxation, a MILP proof, or none (baselines report the bound they are compared with).
             * @enum {string}
             */
            boundMethod?: "lagrangian" | "lp" | "milp" | "none";
            /** @description (bestBound − objective) / |bestBound − fixed| in percent, where fixed is the penalty of applications no plan can protect (it is the same in every plan, so it is kept out of the denominator). */
            gapPct: number;
            /** @description The solver pipeline that produced the plan. */
            method: string;
            objective: number;
            /** @enum {string} */
            status: "optimal" | "feasible" | "time-limit";
            timeMs: number;
        };
        /** @description A variant's own tensor names mapped onto its family's (`{"inputs": {"gpu_0/data_0": "data_0"}}`): agents rename requests and answers, so clients always use the family's names. */
        TensorNames: {
            inputs?: {
                [key: string]: string;
            };
            outputs?: {
                [key: string]: string;
            };
        };
        TensorSpec: {
            /** @description Each dimension's size; a string names a dynamic dimension. */
            dims: (number | string)[];
            name: string;
            type: components["schemas"]["ElementType"];
        };
        /**
         * @description The solver's time budget, in ms.
         * @default 10000
         */
        TimeLimitMs: number;
        /** @enum {string} */
        UnderstudyMode: "warm" | "cold";
        Unprotected: {
            app: string;
            /** @description The reason as a sentence for operators. */
            message: string;
            reason: components["schemas"]["UnprotectedReason"];
        };
        /** @enum {string} */
        UnprotectedReason: "no-variant-meets-accuracy" | "no-variant-meets-latency" | "no-candidate-meets-recovery" | "no-other-node" | "no-other-domain" | "insufficient-memory" | "primary-not-placed" | "variant-failed-to-load";
        /** @description One size of a model, with the figures the planner needs. */
        Variant: {
            /** @description Top-1 accuracy (or the task's main metric) as a fraction. */
            accuracy: number;
            /**
             * @description Where the accuracy figure comes from.
             * @default supplied
             * @enum {string}
             */
            accuracySource?: "measured" | "supplied" | "published";
            /** @description The file's size in bytes. */
            fileBytes?: number;
            id: components["schemas"]["Id"];
            latencyMs: components["schemas"]["LatencyMs"];
            /** @description Cold load time, in ms. */
            loadMs: number;
            /** @description The ONNX file, as a local path or an operator-provided URL. */
            location: string;
            /** @description Resident memory a loaded session adds, in MiB. */
            memoryMiB: number;
            /** @description The file's SHA-256, checked when the file is staged. */
            sha256?: string;
            /** @description The file's inputs and outputs as exported. Under `tensorNames` it must be the family's signature, or the variant is refused (422). */
            signature?: components["schemas"]["Signature"];
            /**
             * @description The weights are untrained stand-ins of a published model's size.
             * @default false
             */
            standIn?: boolean;
            tensorNames?: components["schemas"]["TensorNames"];
            /** @description Inferences per second at batch 1. */
            throughputPerSec?: number;
        };
    };
    responses: {
        /** @description The application. */
        App: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["App"];
            };
        };
        /** @description The request is malformed; `errors` names every field at fault. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The change would break a reference another resource holds. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The model family. */
        Family: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Family"];
            };
        };
        /** @description The node. */
        Node: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Node"];
            };
        };
        /** @description None of the media types in `Accept` is offered; `detail` lists those that are. */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The plan. */
        Plan: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Plan"];
            };
        };
        /** @description The `If-Match` or `If-None-Match` condition does not hold. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A bearer token is required and was missing or wrong. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Redis does not answer; nothing was changed. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Well-formed, but names something that does not exist. */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The application's id. */
        AppId: components["schemas"]["Id"];
        /** @description The model family's id. */
        FamilyId: components["schemas"]["Id"];
        /** @description Apply the change only if the resource's current ETag is this one. */
        IfMatch: string;
        /** @description `*` creates the resource only if it does not exist yet. */
        IfNoneMatch: "*";
        /** @description The node's id. */
        NodeId: components["schemas"]["Id"];
        /** @description The plan version. */
        PlanVersion: number;
        /** @description The variant's id within its family. */
        VariantId: components["schemas"]["Id"];
    };
    requestBodies: never;
    headers: {
        /** @description The resource's revision; send it back in `If-Match` to update safely. */
        ETag: string;
        /** @description Present when the answering attempt was hedged to the application's warm understudy: whose answer this is, `primary` or `understudy`. */
        UnderstudyHedged: "primary" | "understudy";
        /** @description How many times the router sent the request again after the first attempt. */
        UnderstudyRouteRetries: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics in the Prometheus text exposition format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    listApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every application, ordered by id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppList"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    getApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["App"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putApp: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /** @description `*` creates the resource only if it does not exist yet. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppInput"];
            };
        };
        responses: {
            200: components["responses"]["App"];
            201: components["responses"]["App"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["Unprocessable"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteApp: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The application is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    patchApp: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppPatch"];
                "application/merge-patch+json": components["schemas"]["AppPatch"];
            };
        };
        responses: {
            200: components["responses"]["App"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["Unprocessable"];
            503: components["responses"]["Unavailable"];
        };
    };
    inferThroughRouter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never>;
                "application/vnd.understudy.tensors": string;
            };
        };
        responses: {
            /** @description The agent's answer, in the form the request used. */
            200: {
                headers: {
                    "Understudy-Hedged": components["headers"]["UnderstudyHedged"];
                    "Understudy-Route-Retries": components["headers"]["UnderstudyRouteRetries"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                    "application/vnd.understudy.tensors": string;
                };
            };
            /** @description The agent rejected the inputs; its problem document, unchanged. */
            400: {
                headers: {
                    "Understudy-Route-Retries": components["headers"]["UnderstudyRouteRetries"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            404: components["responses"]["NotFound"];
            /** @description The body is larger than the server's body limit (`PAYLOAD_TOO_LARGE`). */
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
            /** @description The model could not run on these inputs (`INFERENCE_FAILED`), from the agent. */
            422: {
                headers: {
                    "Understudy-Route-Retries": components["headers"]["UnderstudyRouteRetries"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No node served the application within the failover wait (`NO_ROUTE`). */
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
    getRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The application's id. */
                appId: components["parameters"]["AppId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The application's route. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Route"];
                };
            };
            404: components["responses"]["NotFound"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description The most events to return. */
                limit?: number;
                /** @description Cursor after which to read (exclusive); omitted reads from the start. */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    listFamilies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every model family, ordered by id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyList"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    getFamily: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Family"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putFamily: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /** @description `*` creates the resource only if it does not exist yet. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FamilyInput"];
            };
        };
        responses: {
            200: components["responses"]["Family"];
            201: components["responses"]["Family"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["Unprocessable"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteFamily: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The family is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    putVariant: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The model family's id. */
                familyId: components["parameters"]["FamilyId"];
                /** @description The variant's id within its family. */
                variantId: components["parameters"]["VariantId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Variant"];
            };
        };
        responses: {
            200: components["responses"]["Family"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            422: components["responses"]["Unprocessable"];
            503: components["responses"]["Unavailable"];
        };
    };
    listLoadFailures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The load failures that still apply, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoadFailureList"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    listNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every registered node, ordered by id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeList"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    getNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                nodeId: components["parameters"]["NodeId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Node"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    putNode: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
                /** @description `*` creates the resource only if it does not exist yet. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The node's id. */
                nodeId: components["parameters"]["NodeId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NodeInput"];
            };
        };
        responses: {
            200: components["responses"]["Node"];
            201: components["responses"]["Node"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            412: components["responses"]["PreconditionFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteNode: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The node's id. */
                nodeId: components["parameters"]["NodeId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node is gone. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    patchNode: {
        parameters: {
            query?: never;
            header?: {
                /** @description Apply the change only if the resource's current ETag is this one. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The node's id. */
                nodeId: components["parameters"]["NodeId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NodePatch"];
                "application/merge-patch+json": components["schemas"]["NodePatch"];
            };
        };
        responses: {
            200: components["responses"]["Node"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            503: components["responses"]["Unavailable"];
        };
    };
    listPlans: {
        parameters: {
            query?: {
                /** @description How many of the newest plans to list. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Plan summaries, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanSummaryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["Unavailable"];
        };
    };
    solvePlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["SolveRequest"];
            };
        };
        responses: {
            /** @description The solve has started. */
            202: {
                headers: {
                    /** @description Where to follow the solve. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Solve"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            503: components["responses"]["Unavailable"];
        };
    };
    diffPlans: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The older plan version. */
                from: number;
                /** @description The newer plan version. */
                to: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The diff. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanDiff"];
                    "text/html": string;
                    "text/markdown": string;
                };
            };
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The plan version. */
                version: components["parameters"]["PlanVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Plan"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getCurrentPlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Plan"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    previewPlan: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewRequest"];
            };
        };
        responses: {
            /** @description The plan that would be published, with its diff against the current one. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlanPreview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            422: components["responses"]["Unprocessable"];
            503: components["responses"]["Unavailable"];
        };
    };
    streamRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream of `route` events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
        };
    };
    getSolve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id `POST /v1/plans` returned. */
                solveId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The solve's state; `planVersion` is set once the plan is published. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Solve"];
                };
            };
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
}
