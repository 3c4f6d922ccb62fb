"""services/services.list, the one list of services, as the Python scripts read it (the shell
scripts source deploy/services.sh): one dict per service, in the list's order, with its name,
gRPC services, gRPC and metrics ports and demo files."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def services():
    out = []
    with open(os.path.join(ROOT, "services", "services.list")) as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            out.append({"name": parts[0], "grpc": parts[1].split(","), "port": int(parts[2]),
                        "metrics": int(parts[3]),
                        "demo": [d for d in parts[4:] if d != "-"]})
    return out


def service_names():
    return [s["name"] for s in services()]
