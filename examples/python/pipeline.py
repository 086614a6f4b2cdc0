"""A Python pipeline starting this project's workflows with Temporal's Python SDK, and reading their results.

Where a Prefect flow called the guide's helpers (notify_hot_lead, run_campaign_with_notifications), it starts the
workflows by name on the worker's task queue: no import of the TypeScript project, no webhook URL here. The worker
(npm start, or npm run worker) holds the webhooks and does the sending, retries and rate limits.

    python -m venv .venv && .venv/bin/pip install -r examples/python/requirements.txt
    .venv/bin/python examples/python/pipeline.py

Configuration comes from the same variables as the project: TEMPORAL_ADDRESS (localhost:7233), TEMPORAL_NAMESPACE
(default), TEMPORAL_TASK_QUEUE (marketing-notifications), TEMPORAL_API_KEY for Temporal Cloud. Prints one JSON object
with the three results.
"""

import asyncio
import json
import os
import sys
import uuid

from temporalio.client import Client, WorkflowFailureError
from temporalio.exceptions import ApplicationError


async def connect() -> Client:
    api_key = os.environ.get("TEMPORAL_API_KEY") or None
    return await Client.connect(
        os.environ.get("TEMPORAL_ADDRESS", "localhost:7233"),
        namespace=os.environ.get("TEMPORAL_NAMESPACE", "default"),
        api_key=api_key,
        tls=api_key is not None or os.environ.get("TEMPORAL_TLS") in ("true", "1"),
    )


async def main() -> None:
    client = await connect()
    task_queue = os.environ.get("TEMPORAL_TASK_QUEUE", "marketing-notifications")
    run = uuid.uuid4().hex[:8]

    # The guide's notify_hot_lead(lead_data, score): one JSON object in (camelCase fields), one out.
    # Below HOT_LEAD_THRESHOLD (80) the result is {"status": "below-threshold", ...} and nothing is sent.
    alert = await client.execute_workflow(
        "hotLeadAlert",
        {
            "lead": {
                "firstName": "Min-Ji",
                "lastName": "Park",
                "email": "minjipark@salon.com",
                "notionId": "a1b2c3d4",
            },
            "score": 92,
            "stage": "Demo Booked",
        },
        id=f"hot-lead-a1b2c3d4-{run}",
        task_queue=task_queue,
    )

    # The guide's run_campaign_with_notifications(): your step workflow runs as a child between "Campaign Started"
    # and "Campaign Complete"; its { total, success, failed } become the completion message's counts.
    campaign = await client.execute_workflow(
        "campaignWithNotifications",
        {
            "campaignName": "Black Friday",
            "workflowType": "simulatedCampaignStep",
            "args": [{"durationMs": 200, "items": 1500, "failedItems": 3}],
        },
        id=f"campaign-black-friday-{run}",
        task_queue=task_queue,
    )

    # Bad input fails the workflow at once with a non-retryable InvalidInput naming the field; nothing is sent.
    try:
        await client.execute_workflow(
            "hotLeadAlert",
            {"lead": {"email": "not-an-email"}, "score": 120},
            id=f"hot-lead-invalid-{run}",
            task_queue=task_queue,
        )
        invalid = None
    except WorkflowFailureError as error:
        cause = error.cause
        invalid = (
            {"type": cause.type, "nonRetryable": cause.non_retryable, "message": cause.message}
            if isinstance(cause, ApplicationError)
            else {"type": type(cause).__name__, "message": str(cause)}
        )

    print(json.dumps({"hotLeadAlert": alert, "campaign": campaign, "invalidInput": invalid}, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
    # A short-lived process that used a Temporal client can abort while Python shuts down ("Fatal Python error:
    # PyGILState_Release", temporalio/sdk-python#300: the SDK's Rust threads outlive the interpreter). Everything is
    # done and printed by now, so skip the interpreter's teardown. A long-running pipeline needs none of this.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
