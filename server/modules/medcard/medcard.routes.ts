import type { FastifyPluginAsync } from "fastify";

// Being written this session (H1 — the client's cards, «Сводка», timeline, consent).
export const medcardRoutes: FastifyPluginAsync = async () => {};
