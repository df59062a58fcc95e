/** The EC2 instance types DescribeInstanceTypes knows (the ones recovery launch settings use most). */
export const INSTANCE_TYPES = [
  { type: "t3.micro", vcpus: 2, memoryMiB: 1024, network: "Up to 5 Gigabit" },
  { type: "t3.small", vcpus: 2, memoryMiB: 2048, network: "Up to 5 Gigabit" },
  { type: "t3.medium", vcpus: 2, memoryMiB: 4096, network: "Up to 5 Gigabit" },
  { type: "t3.large", vcpus: 2, memoryMiB: 8192, network: "Up to 5 Gigabit" },
  { type: "m5.large", vcpus: 2, memoryMiB: 8192, network: "Up to 10 Gigabit" },
  { type: "m5.xlarge", vcpus: 4, memoryMiB: 16384, network: "Up to 10 Gigabit" },
  { type: "m5.2xlarge", vcpus: 8, memoryMiB: 32768, network: "Up to 10 Gigabit" },
  { type: "c5.large", vcpus: 2, memoryMiB: 4096, network: "Up to 10 Gigabit" },
  { type: "c5.xlarge", vcpus: 4, memoryMiB: 8192, network: "Up to 10 Gigabit" },
  { type: "r5.large", vcpus: 2, memoryMiB: 16384, network: "Up to 10 Gigabit" },
  { type: "r5.xlarge", vcpus: 4, memoryMiB: 32768, network: "Up to 10 Gigabit" },
  { type: "r5.2xlarge", vcpus: 8, memoryMiB: 65536, network: "Up to 10 Gigabit" },
] as const;
