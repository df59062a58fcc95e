// Placeholder until the api handler is wired (see README "Deploy to AWS" status).
export const handler = async (): Promise<never> => {
  throw new Error("drso api handler is not wired yet");
};
